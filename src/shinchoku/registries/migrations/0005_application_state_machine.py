# The state columns are unchanged (varchar 16); only Django's view of them becomes the
# protected state machine field, so no table is rebuilt.

import django_fsm
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('registries', '0004_application_withdrawal_and_language'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='product',
            name='state',
            field=django_fsm.FSMField(choices=[('applied', '申請'), ('reviewing', '審査中'), ('approved', '認定'), ('rejected', '不認定'), ('suspended', '停止中'), ('ended', '終了'), ('withdrawn', '取下げ')], default='applied', max_length=16, protected=True, verbose_name='状態'),
        ),
        migrations.AlterField(
            model_name='shop',
            name='state',
            field=django_fsm.FSMField(choices=[('applied', '申請'), ('reviewing', '審査中'), ('approved', '認定'), ('rejected', '不認定'), ('suspended', '停止中'), ('ended', '終了'), ('withdrawn', '取下げ')], default='applied', max_length=16, protected=True, verbose_name='状態'),
        ),
    ])]
