"""
The clerks' screens for publications (栏目信息) and their attachments.

Attachments are refused by content, not by name (publications.attachments); the refusal shows
on the attachment's own row. The 索引号 is never typed: the model allocates it on first publish.
Publishing goes through the review (review.admin): 提交审核, 审核, 批准, 发布 on the change page;
attachments can be changed only while the publication is a draft.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from catalogue.models import DisclosureItem
from columns.models import Column
from offices import rights
from offices.scoped_admin import OfficeScopedAdminMixin
from privacy.admin import PrivacyNotesAdminMixin
from privacy.forms import AttachmentPrivacyFormMixin, PrivacyGuardedModelForm
from publications import interpretation, kinds
from publications.models import Attachment, IndexSequence, Publication
from publications.templatetags.publication_tags import kb_mb
from review.admin import LockedWhenReviewedInline, ReviewAdminMixin
from review.history_admin import HistoryAdminMixin
from units.access import default_unit
from units.access import scope as unit_scope
from versions.admin import VersionedAdminMixin


def successors(user, queryset):
    """
    What a publication of `user`'s may name as its successor (被替代为): any published
    publication of their units, whichever office it is from, or one of their own.
    """
    queryset = unit_scope(user, queryset)
    if rights.is_unrestricted(user):
        return queryset
    own = rights.scope(user, Column.objects.all()).values("pk")
    return queryset.filter(Q(status=Publication.Status.PUBLISHED) | Q(column__in=own))


class _StoredFile:
    """What the file widget shows for a stored attachment: its name, linked to the download."""

    def __init__(self, name, url):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class AttachmentFileWidget(AdminFileWidget):
    """
    Link the current file to the download view rather than to MEDIA_URL.

    Media files are not served directly (a draft's file must stay private), so the widget's
    default link would be a dead one.
    """

    download_url = ""

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.is_initial(value) and self.download_url:
            return _StoredFile(value.name.rsplit("/", 1)[-1], self.download_url)
        return value


class AttachmentForm(AttachmentPrivacyFormMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "order"]
        widgets = {"file": AttachmentFileWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" not in self.fields:
            return  # read-only inline (AttachmentInline.get_fields): a link instead of the input
        # An empty file reaches publications.attachments.validate_upload, whose message names it.
        self.fields["file"].allow_empty_file = True
        if self.instance.pk:
            widget = self.fields["file"].widget
            widget.download_url = self.instance.get_absolute_url()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        # Readers see the title; without one, use the uploaded file's own name (the stored name
        # may gain a random suffix).
        if upload and not cleaned.get("title") and "file" in self.changed_data:
            stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            cleaned["title"] = stem[: Attachment._meta.get_field("title").max_length]
        return cleaned


class AttachmentInline(LockedWhenReviewedInline, admin.TabularInline):
    model = Attachment
    form = AttachmentForm
    fields = ["title", "file", "order", "kind", "size_label"]
    readonly_fields = ["kind", "size_label"]
    extra = 1

    @admin.display(description="大小")
    def size_label(self, obj):
        return kb_mb(obj.size) if obj.pk else "-"

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read-only (the publication is under review or published): link the download view,
        # as the file widget does, not MEDIA_URL.
        return ["file_link" if name == "file" else name for name in fields]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "file_link"]

    @admin.display(description="文件")
    def file_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.display_name)


class ItemChoiceField(forms.ModelMultipleChoiceField):
    """The items a publication may name, labelled with their domain; the column's marked."""

    def label_from_instance(self, obj):
        mark = "（所属栏目的事项）" if getattr(obj, "in_column", False) else ""
        return f"{obj.domain.name}：{obj.name}{mark}"


def _chosen_column(form):
    """The column the form is about: the one posted, the initial one, or the instance's."""
    value = form.data.get("column") if form.is_bound else form.initial.get("column")
    if value in (None, "") and form.instance.column_id:
        value = form.instance.column_id
    try:
        return int(getattr(value, "pk", value))
    except (TypeError, ValueError):
        return None


class PublicationForm(PrivacyGuardedModelForm):
    """
    The publication form: its items are suggested from its column's; an interpretation names
    both its policies and its form, and a policy is not its own.

    The column's items are listed first and marked; a new publication in a column with one item
    starts with that item ticked. Any item may be named (a policy of the 办公室 can serve a
    domain of another office); naming one changes nothing on the item.

    文件类型 is suggested from the column and the 文号 (publications.kinds): a new form starts
    with the suggestion, and 按栏目和文号判断 (the empty choice) lets the server decide on save
    from what was posted; a kind the clerk chose is kept.
    """

    AUTO_KIND = "按栏目和文号判断"
    # The unit whose items are offered before a column is chosen (PublicationAdmin.get_form).
    fallback_unit_id = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._suggest_kind()
        self._suggest_items()

    def _kind_suggestion(self):
        """(kind, why) from the column and 文号 posted, else the initial or stored ones."""
        source = self.data if self.is_bound else self.initial
        number = source.get("document_number", self.instance.document_number or "")
        column_id = _chosen_column(self)
        column = Column.objects.filter(pk=column_id).first() if column_id else None
        return kinds.suggested(column.name if column else "", number)

    def _suggest_kind(self):
        field = self.fields.get("document_kind")
        if field is None:
            return
        field.required = False
        field.choices = [("", self.AUTO_KIND), *Publication.Kind.choices]
        kind, why = self._kind_suggestion()
        if kind is not None:
            # The admin prints help text unescaped; the column name and 文号 are typed by people.
            field.help_text = format_html("建议：{}（按{}）。", Publication.Kind(kind).label, why)
        if not self.is_bound and self.instance._state.adding:
            self.initial["document_kind"] = kind or ""

    def _suggest_items(self):
        field = self.fields.get("items")
        if field is None:
            return
        column_id = _chosen_column(self)
        links = DisclosureItem.columns.through.objects.filter(
            disclosureitem=OuterRef("pk"), column_id=column_id
        )
        # The column's unit's items only; before a column is chosen, the user's unit's.
        unit_id = self.fallback_unit_id
        if column_id is not None:
            unit_id = Column.objects.filter(pk=column_id).values("unit_id")[:1]
        field.queryset = (
            DisclosureItem.objects.filter(domain__unit_id=unit_id)
            .select_related("domain")
            .annotate(in_column=Exists(links))
            .order_by("-in_column", "domain__order", "domain_id", "number", "id")
        )
        if column_id is not None:
            column = Column.objects.filter(pk=column_id).first()
            suggested = [item for item in field.queryset if item.in_column]
            if column is not None:
                names = "、".join(item.name for item in suggested) or "（无）"
                # The admin shows help texts as HTML: names typed by clerks are escaped here.
                field.help_text = format_html(
                    "{}所属栏目“{}”关联的事项：{}。", field.help_text, column, names
                )
            if not self.is_bound and self.instance._state.adding and len(suggested) == 1:
                self.initial.setdefault("items", [suggested[0].pk])

    def clean_document_kind(self):
        """Left to the portal (the empty choice): the suggestion, else 其他."""
        chosen = self.cleaned_data.get("document_kind")
        if chosen:
            return chosen
        return self._kind_suggestion()[0] or Publication.Kind.OTHER

    def clean(self):
        cleaned = super().clean()
        policies = cleaned.get("interprets")
        form = cleaned.get("interpretation_form")
        if policies and not form:
            self.add_error("interpretation_form", "选择了解读的政策，请同时选择解读形式。")
        if form and "interprets" in self.fields and not policies:
            self.add_error("interprets", "政策解读请选择它解读的政策文件。")
        if policies and self.instance.pk and any(p.pk == self.instance.pk for p in policies):
            self.add_error("interprets", "解读的政策不能是本信息自己。")
        # The model's clean checks the links posted against the column's unit.
        self.instance.links_given = {
            field: [row.pk for row in cleaned[field]]
            for field in ("items", "interprets")
            if field in self.fields and cleaned.get(field) is not None
        }
        return cleaned


@admin.register(Publication)
class PublicationAdmin(
    VersionedAdminMixin,
    OfficeScopedAdminMixin,
    HistoryAdminMixin,
    ReviewAdminMixin,
    PrivacyNotesAdminMixin,
    SimpleHistoryAdmin,
):
    form = PublicationForm  # no citizen's ID, phone or card number in the text
    list_display = [
        "title",
        "column",
        "published_on",
        "index_number",
        "status",
        "validity",
        "demo_marker",
    ]
    list_filter = ["status", "validity", "topic", "column", "is_demo"]
    list_select_related = ["column"]
    search_fields = ["title", "index_number", "document_number", "body"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["column", "superseded_by", "interprets"]
    readonly_fields = ["index_number", "created_at", "updated_at"]
    inlines = [AttachmentInline]
    actions = ["submit_selected", "withdraw_selected", "delete_demo_data"]
    save_on_top = True
    fieldsets = [
        ("信息", {"fields": ["title", "column", "items", "status"]}),
        (
            "信息索引",
            {
                "fields": [
                    "index_number",
                    "topic",
                    "issuer",
                    ("written_on", "published_on"),
                    "document_number",
                    ("document_kind", "normative_code"),
                    ("validity", "superseded_by", "repealed_on"),
                    "mode",
                ],
                "description": "索引号在首次发布时自动生成；发布机构留空时使用本单位名称。",
            },
        ),
        ("正文", {"fields": ["body"]}),
        (
            "政策解读",
            {
                "fields": [
                    "needs_interpretation",
                    "interprets",
                    ("interpretation_form", "drafting_office"),
                ],
                "description": "政策文件：勾选“需要解读”，解读与政策同步审签、同步发布。"
                "政策解读：选择解读的政策和解读形式；审核面板会同时列出配对的政策和解读。",
            },
        ),
        ("记录", {"fields": ["is_demo", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    # --- per-office rights (offices.rights): a clerk changes only their columns' publications

    # The successor and the policies interpreted may be any office's published publication; any
    # item may be named (naming one changes nothing on the item).
    cross_office_fields = ("superseded_by", "interprets", "items")

    def get_queryset(self, request):
        # Not the mixin's scope alone: the 被替代为 search reaches across offices.
        queryset = super(OfficeScopedAdminMixin, self).get_queryset(request)
        if _is_successor_autocomplete(request):
            # The 被替代为 search may offer any published publication, not only the clerk's.
            return successors(request.user, queryset)
        return rights.scope(request.user, queryset)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        unit = default_unit(request.user)
        form.fallback_unit_id = unit.pk if unit is not None else None
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "items":
            kwargs.setdefault("form_class", ItemChoiceField)
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        if db_field.name == "interprets":
            # An interpretation may explain any published policy, or one of the clerk's drafts.
            kwargs["queryset"] = successors(request.user, Publication.objects.all())
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The column is one of the clerk's (OfficeScopedAdminMixin); the successor may be any
        # office's published publication.
        if db_field.name == "superseded_by":
            kwargs["queryset"] = successors(request.user, Publication.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def review_companions(self, obj):
        """A policy and its interpretations are checked and published together."""
        return [
            {
                "label": "解读的政策" if companion in policies else "政策解读",
                "object": companion,
                "state": companion.get_status_display(),
                "url": reverse("admin:publications_publication_change", args=[companion.pk]),
            }
            for policies in [set(obj.interprets.all())]
            for companion in interpretation.companions(obj)
        ]

    @admin.display(description="演示数据", ordering="is_demo")
    def demo_marker(self, obj):
        return format_html("<strong>{}</strong>", "演示数据") if obj.is_demo else ""

    @admin.action(description="删除演示数据", permissions=["delete"])
    def delete_demo_data(self, request, queryset):
        """Delete the selected rows that are demo data, with their files; real rows are kept."""
        demo = queryset.filter(is_demo=True)
        kept = queryset.filter(is_demo=False).count()
        with transaction.atomic():
            self.log_deletions(request, demo)
            deleted, _ = demo.delete_with_files()
        self.message_user(request, f"已删除 {deleted} 条演示数据及其附件。", messages.SUCCESS)
        if kept:
            self.message_user(
                request, f"所选的另外 {kept} 条不是演示数据，未删除。", messages.WARNING
            )


def _is_successor_autocomplete(request):
    """Whether `request` is the admin's search for a publication's 被替代为 or 解读的政策."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("app_label") == "publications"
        and request.GET.get("model_name") == "publication"
        and request.GET.get("field_name") in ("superseded_by", "interprets")
    )


@admin.register(IndexSequence)
class IndexSequenceAdmin(admin.ModelAdmin):
    """The monthly counters of 索引号, view only: they explain a gap, and must never go back."""

    list_display = ["period", "last"]
    ordering = ["-period"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
