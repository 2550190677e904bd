"""
The report's admin form: table 四's 15 numbers as fields of their own, not a JSON text.

Table 三 is not a field: it is counted from the request register, so the form neither shows
nor accepts it (the admin shows it read-only).
"""

from django import forms

from annualreport import tables
from annualreport.models import AnnualReport


def _field_name(group_index, outcome_index):
    return f"four_{group_index}_{outcome_index}"


FOUR_FIELDS = [
    (_field_name(g, o), group, outcome)
    for g, group in enumerate(tables.TABLE_FOUR_GROUPS)
    for o, outcome in enumerate(tables.OUTCOMES)
]


def _four_field(group, outcome):
    label = group if group == tables.REVIEW else f"{tables.LITIGATION}·{group}"
    return forms.IntegerField(label=f"{label}·{outcome}", min_value=0, required=False)


class _ReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [
            "year",
            "overview",
            "licensing_count",
            "punishment_count",
            "enforcement_count",
            "fee_amount",
            "entered_sources",
            "table_four_source",
            "problems",
            "other_matters",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.table_four or tables.empty_table_four()
        for name, group, outcome in FOUR_FIELDS:
            self.fields[name].initial = (current.get(group) or {}).get(outcome)

    def save(self, commit=True):
        grid = tables.empty_table_four()
        for name, group, outcome in FOUR_FIELDS:
            grid[group][outcome] = self.cleaned_data.get(name)
        self.instance.table_four = grid
        return super().save(commit)


# The 15 fields declared on the class (not added per instance), so the admin's fieldsets may
# name them.
AnnualReportForm = type(_ReportForm)(
    "AnnualReportForm",
    (_ReportForm,),
    {
        "__module__": __name__,
        **{name: _four_field(group, outcome) for name, group, outcome in FOUR_FIELDS},
    },
)
