"""Filters for action tables: each lives in the URL, so a filtered view can be bookmarked."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from plans.models import Action, Lead, Objective, Organisation, Plan, Rating, Section
from plans.national import national_objectives

# Worst first, so "sort by rating" puts red actions at the top.
RATING_SEVERITY = Case(
    When(current_rating=Rating.RED, then=Value(0)),
    When(current_rating=Rating.AMBER, then=Value(1)),
    When(current_rating=Rating.GREEN, then=Value(2)),
    When(current_rating=Rating.BLUE, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)

DOCUMENT_ORDER = ["plan__title", "order"]

# ?sort= values people may use, and what each orders by (ties in document order); anything
# else is ignored.
SORTABLE_COLUMNS = {
    "ref": DOCUMENT_ORDER,
    "action": ["text"],
    "due": ["due_date"],
    "rating": ["rating_severity"],
    "updated": ["current_reported_on"],
    "plan": ["plan__title"],
}


def sort_actions(queryset, sort: str | None):
    """Order by a whitelisted column; '-' reverses it; unknown values keep document order."""
    descending = bool(sort) and sort.startswith("-")
    column = (sort or "").lstrip("-")
    if column not in SORTABLE_COLUMNS:
        return queryset.order_by(*DOCUMENT_ORDER)
    if column == "rating":
        queryset = queryset.annotate(rating_severity=RATING_SEVERITY)
    fields = SORTABLE_COLUMNS[column]
    ties = [field for field in DOCUMENT_ORDER if field not in fields]
    return queryset.order_by(*(f"-{field}" if descending else field for field in fields), *ties)


class ColumnChoiceIterator(ModelChoiceIterator):
    """A model select's options from (pk, label column) rows rather than model instances:
    a filter's 700 leads cost a tenth as much. The column must be what the model's __str__
    shows (Lead.name), so the options read as they would with instances."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from self.queryset.values_list("pk", self.field.label_column)


class ColumnChoiceField(ModelChoiceField):
    iterator = ColumnChoiceIterator

    def __init__(self, *args, label_column: str, **kwargs):
        self.label_column = label_column
        super().__init__(*args, **kwargs)


class ColumnChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose options are labelled by one column (`label_column`)."""

    field_class = ColumnChoiceField


class ActionFilter(django_filters.FilterSet):
    """Filters for any table of actions (the current rating is stored on each action)."""

    q = django_filters.CharFilter(method="filter_text", label="Search actions")
    plan = ColumnChoiceFilter(queryset=Plan.objects.all(), label_column="title", label="Plan")
    section = django_filters.ModelChoiceFilter(
        queryset=Section.objects.none(), method="filter_section", label="Section"
    )
    lead = ColumnChoiceFilter(
        queryset=Lead.objects.all(),
        label_column="name",
        field_name="leads",
        distinct=True,
        label="Lead",
    )
    organisation = ColumnChoiceFilter(
        queryset=Organisation.objects.all(),
        label_column="name",
        field_name="leads__organisations",
        distinct=True,
        label="Lead organisation",
    )
    rating = django_filters.ChoiceFilter(
        choices=Rating.choices, method="filter_rating", label="RAG rating", empty_label="Any"
    )
    objective = django_filters.ModelChoiceFilter(
        queryset=Objective.objects.none(), field_name="objectives", label="National objective"
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput
    )
    open = django_filters.BooleanFilter(
        method="filter_open", label="Not complete only", widget=forms.CheckboxInput
    )
    due_after = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label="Due on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label="Due on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    not_updated_since = django_filters.DateFilter(
        method="filter_not_updated_since",
        label="Not updated since",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, *args, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["objective"].queryset = national_objectives()
        if plan is not None:
            # Within one plan: its sections and leads only; the plan filter is implied.
            del self.filters["plan"]
            self.filters["section"].queryset = plan.sections.all()
            self.filters["lead"].queryset = Lead.objects.filter(actions__plan=plan).distinct()
        else:
            del self.filters["section"]

    def filter_text(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(text__icontains=word)
                | Q(ref__iexact=word)
                | Q(context__icontains=word)
                | Q(outcomes__icontains=word)
                | Q(leads__name__icontains=word)
            )
        return queryset.distinct() if words else queryset

    def filter_section(self, queryset, name, value):
        # A parent section (Halton's "2.0") includes the actions of its sub-sections.
        return queryset.filter(Q(section=value) | Q(section__parent=value))

    def filter_rating(self, queryset, name, value):
        return queryset.rated(value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(on=timezone.localdate()) if value else queryset

    def filter_open(self, queryset, name, value):
        return queryset.not_complete() if value else queryset

    def filter_not_updated_since(self, queryset, name, value):
        return queryset.stale(since=value)
