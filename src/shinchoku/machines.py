"""How services and pages use the declared state machines (django-fsm-2).

The machines are declared on the models with ``@transition`` (``cycle.models.Request``,
``registries.models.Application``). Their ``state`` fields are protected (``FSMField(
protected=True)``): assigning a state raises, so a transition method is the only way a
state changes, and each app's service is the one caller (it writes the history row and
the audit entry). Each transition's ``custom`` carries its label, its action code when
that is not the method's name (``return`` is a Python keyword), and whether it needs a
reason. Pages ask :func:`available` which buttons to show.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django_fsm import Transition, can_proceed, has_transition_perm
from django_fsm import TransitionNotAllowed as TransitionNotAllowed  # re-exported


class Refused(Exception):
    """A transition that may not happen: ``why`` is ``"permission"`` or ``"state"``."""

    def __init__(self, action: str, why: str) -> None:
        super().__init__(f"{action}: {why}")
        self.action, self.why = action, why


def action_of(t: Transition) -> str:
    """The action code of a transition (its audit and history name)."""
    return t.custom.get("action", t.name)


def declared(model: type[models.Model] | models.Model) -> dict[str, Transition]:
    """Every transition of ``model``'s ``state`` machine by action code, in declared order."""
    cls = model if isinstance(model, type) else type(model)
    field = cls._meta.get_field("state")
    found: dict[str, Transition] = {}
    for t in sorted(field.get_all_transitions(cls), key=lambda t: t.method.__code__.co_firstlineno):
        found.setdefault(action_of(t), t)
    return found


def label(model: type[models.Model] | models.Model, action: str) -> str:
    """How people name an action (「差戻し」); an unknown code stays as written."""
    t = declared(model).get(action)
    return str(t.custom.get("label", action)) if t else action


def needs_reason(model: type[models.Model] | models.Model, action: str) -> bool:
    """Whether the action must say why (a return, a rejection)."""
    t = declared(model).get(action)
    return bool(t and t.custom.get("reason"))


def available(obj: models.Model, user: Any) -> list[str]:
    """The actions ``user`` may take on ``obj`` in its current state, in declared order."""
    return [
        action
        for action, t in declared(obj).items()
        if has_transition_perm(getattr(obj, t.name), user)
    ]


def fire(obj: models.Model, action: str, user: Any, *args: Any, **kwargs: Any) -> str:
    """Run ``action``'s transition on ``obj`` (not saved) and return the state before.

    Raises ``KeyError`` for an unknown action and :class:`Refused` when ``user`` may not
    take it or ``obj``'s state does not allow it; the transition method's own errors (a
    missing reason) pass through, and then the state is unchanged.
    """
    t = declared(obj)[action]
    method = getattr(obj, t.name)
    before = obj.state
    if not can_proceed(method):
        if not t.has_perm(obj, user):
            raise Refused(action, "permission")
        raise Refused(action, "state")
    if not has_transition_perm(method, user):
        raise Refused(action, "permission")
    method(*args, **kwargs)
    return before
