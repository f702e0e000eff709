# Links to budgets.Programme and meetings.Resolution, split from 0001 so that budgets (whose
# ledger points at projects.Project) and projects migrate without a circular dependency.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0001_initial'),
        ('meetings', '0001_initial'),
        ('projects', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='project',
            name='programme',
            field=models.ForeignKey(default=None, on_delete=django.db.models.deletion.PROTECT, related_name='projects', to='budgets.programme', verbose_name='programme'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='project',
            name='approval_resolution',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='approved_projects', to='meetings.resolution', verbose_name='approval resolution'),
        ),
        migrations.AddField(
            model_name='projectevent',
            name='resolution',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='project_events', to='meetings.resolution', verbose_name='resolution'),
        ),
        migrations.AddIndex(
            model_name='project',
            index=models.Index(fields=['programme', 'status'], name='project_programme_status_idx'),
        ),
    ]
