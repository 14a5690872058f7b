# The state column is unchanged (a varchar of 16); only Django's view of it becomes the
# protected state machine field, so no table is rebuilt.

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cycle', '0005_request_order_indicators_first'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='request',
                    name='state',
                    field=django_fsm.FSMField(choices=[('not_started', '未着手'), ('drafting', '作成中'), ('submitted', '提出済'), ('approved', '承認')], default='not_started', max_length=16, protected=True, verbose_name='state'),
                ),
            ],
        ),
    ]
