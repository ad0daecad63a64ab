"""The implementation evaluation's models, taken over from monitoring (monitoring 0004) with their tables as
they are: state only here, the tables keep their monitoring_ names until 0002 renames them."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('monitoring', '0004_implementation_moves_out'),
        ('evaluations', '0005_text_limits'),
        ('framework', '0003_text_limits'),
        ('programmes', '0003_text_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='IndexScheme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('name', models.CharField(max_length=150, unique=True, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=2000, verbose_name='description')),
                        ('is_seeded_default', models.BooleanField(default=False, verbose_name='seeded default')),
                    ],
                    options={
                        'db_table': 'monitoring_indexscheme',
                        'verbose_name': 'index weights',
                        'verbose_name_plural': 'index weights',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='ImplementationRound',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='year')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('status', models.CharField(choices=[('self_assessment', 'Self-assessment'), ('validation', 'Validation by evaluators'), ('published', 'Published')], default='self_assessment', max_length=16, verbose_name='status')),
                        ('self_assessment_due', models.DateField(blank=True, null=True, verbose_name='self-assessment due')),
                        ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='published')),
                        ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                        ('framework_version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='framework.frameworkversion', verbose_name='framework version')),
                        ('rubric', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='implementation_rounds', to='evaluations.rubric', verbose_name='rubric')),
                        ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='implementation.indexscheme', verbose_name='index weights')),
                    ],
                    options={
                        'db_table': 'monitoring_implementationround',
                        'verbose_name': 'implementation evaluation round',
                        'verbose_name_plural': 'implementation evaluation rounds',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='RoundEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('self_status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='self-assessment')),
                        ('self_submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='self-assessment submitted')),
                        ('revision', models.PositiveIntegerField(default=1, editable=False)),
                        ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                        ('participation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='implementation_entries', to='programmes.participation')),
                        ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='implementation.implementationround')),
                        ('self_submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'monitoring_roundentry',
                        'verbose_name': 'round entry',
                        'verbose_name_plural': 'round entries',
                        'ordering': ['round', 'participation__region__name'],
                    },
                ),
                migrations.CreateModel(
                    name='IndexResult',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('index', models.DecimalField(decimal_places=2, max_digits=4, null=True, verbose_name='index')),
                        ('rank', models.PositiveSmallIntegerField(null=True, verbose_name='rank')),
                        ('ranked_among', models.PositiveSmallIntegerField(default=0, verbose_name='ranked among')),
                        ('previous', models.DecimalField(decimal_places=2, max_digits=4, null=True, verbose_name='previous index')),
                        ('change', models.DecimalField(decimal_places=2, max_digits=4, null=True, verbose_name='change from last year')),
                        ('self_index', models.DecimalField(decimal_places=2, max_digits=4, null=True, verbose_name='self-assessed index')),
                        ('by_evaluation', models.JSONField(default=dict, verbose_name='per evaluation dimension')),
                        ('by_dimension', models.JSONField(default=dict, verbose_name='per smart city dimension')),
                        ('entry', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='result', to='implementation.roundentry')),
                    ],
                    options={
                        'db_table': 'monitoring_indexresult',
                        'verbose_name': 'published index',
                        'verbose_name_plural': 'published indices',
                        'ordering': ['entry__round', 'rank'],
                    },
                ),
                migrations.CreateModel(
                    name='SchemeWeight',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('dimension', models.CharField(choices=[('baseline', 'Baseline'), ('output', 'Output'), ('outcome', 'Outcome'), ('impact', 'Impact'), ('quick_win', 'Quick Win')], max_length=10, verbose_name='evaluation dimension')),
                        ('weight', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='weight (%)')),
                        ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='weights', to='implementation.indexscheme')),
                    ],
                    options={
                        'db_table': 'monitoring_schemeweight',
                        'ordering': ['scheme', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SelfEvidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('dimension', models.CharField(choices=[('baseline', 'Baseline'), ('output', 'Output'), ('outcome', 'Outcome'), ('impact', 'Impact'), ('quick_win', 'Quick Win')], max_length=10, verbose_name='evaluation dimension')),
                        ('explanation', models.TextField(blank=True, max_length=4000, verbose_name='explanation')),
                        ('evidence_url', models.URLField(blank=True, max_length=500, verbose_name='evidence link')),
                        ('evidence_file', models.FileField(blank=True, upload_to='implementation/%Y/', verbose_name='evidence file')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evidence', to='implementation.roundentry')),
                    ],
                    options={
                        'db_table': 'monitoring_selfevidence',
                        'ordering': ['entry', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='SelfScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='score')),
                        ('is_na', models.BooleanField(default=False, verbose_name='n/a')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evaluations.criterion')),
                        ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='framework.dimension')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='self_scores', to='implementation.roundentry')),
                    ],
                    options={
                        'db_table': 'monitoring_selfscore',
                    },
                ),
                migrations.CreateModel(
                    name='ValidationSheet',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], default='draft', max_length=10, verbose_name='status')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                        ('general_comment', models.TextField(blank=True, max_length=4000, verbose_name='findings')),
                        ('revision', models.PositiveIntegerField(default=1, editable=False)),
                        ('is_demo', models.BooleanField(default=False, verbose_name='demo data')),
                        ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sheets', to='implementation.roundentry')),
                        ('evaluator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='implementation_sheets', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'monitoring_validationsheet',
                        'verbose_name': 'validation sheet',
                        'verbose_name_plural': 'validation sheets',
                        'ordering': ['entry', 'evaluator__full_name'],
                    },
                ),
                migrations.CreateModel(
                    name='ValidationScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('value', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='score')),
                        ('is_na', models.BooleanField(default=False, verbose_name='n/a')),
                        ('criterion', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evaluations.criterion')),
                        ('dimension', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='framework.dimension')),
                        ('sheet', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='implementation.validationsheet')),
                    ],
                    options={
                        'db_table': 'monitoring_validationscore',
                    },
                ),
                migrations.AddConstraint(
                    model_name='roundentry',
                    constraint=models.UniqueConstraint(fields=('round', 'participation'), name='one_entry_per_round_region'),
                ),
                migrations.AddConstraint(
                    model_name='schemeweight',
                    constraint=models.UniqueConstraint(fields=('scheme', 'dimension'), name='one_weight_per_evaluation_dimension'),
                ),
                migrations.AddConstraint(
                    model_name='schemeweight',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gte', 0), ('weight__lte', 100)), name='scheme_weight_percent'),
                ),
                migrations.AddConstraint(
                    model_name='selfevidence',
                    constraint=models.UniqueConstraint(fields=('entry', 'dimension'), name='one_self_evidence_per_dimension'),
                ),
                migrations.AddConstraint(
                    model_name='selfscore',
                    constraint=models.UniqueConstraint(fields=('entry', 'criterion', 'dimension'), name='one_self_score_per_cell'),
                ),
                migrations.AddConstraint(
                    model_name='selfscore',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('is_na', True), ('value__isnull', True)), ('is_na', False), _connector='OR'), name='self_score_na_has_no_value'),
                ),
                migrations.AddConstraint(
                    model_name='validationsheet',
                    constraint=models.UniqueConstraint(fields=('entry', 'evaluator'), name='one_validation_per_evaluator'),
                ),
                migrations.AddConstraint(
                    model_name='validationscore',
                    constraint=models.UniqueConstraint(fields=('sheet', 'criterion', 'dimension'), name='one_validation_score_per_cell'),
                ),
                migrations.AddConstraint(
                    model_name='validationscore',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('is_na', True), ('value__isnull', True)), ('is_na', False), _connector='OR'), name='validation_score_na_has_no_value'),
                ),
            ],
        ),
    ]
