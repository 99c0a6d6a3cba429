"""Thin views of the library: search, read, upload, bookmarks and private notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core.files import file_path
from chidao.core.viewutils import apply_validation_error, error_text, paginate

from . import rules, selectors, services
from .forms import EditForm, LinkForm, NoteForm, SearchForm, UploadForm, ValidityForm, WithdrawForm
from .models import LibraryDocument, Validity

PER_PAGE = 20


@login_required
def library_home(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    facets = selectors.facet_choices()
    form.set_facets(issuers=facets["issuers"], fields=facets["fields"])
    filters = selectors.LibraryFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.LibraryFilters(q=d["q"], kind=d["kind"], issuer=d["issuer"], field=d["field"],
                                           year=d["year"], validity=d["validity"])
    searching = any([filters.q, filters.kind, filters.issuer, filters.field, filters.year, filters.validity])
    page = paginate(request, selectors.document_search(user=request.user, filters=filters), per_page=PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "library/home.html", {
        "form": form, "page": page, "searching": searching, "query": query.urlencode(),
        "new_documents": [] if searching else selectors.new_documents(user=request.user, limit=5),
        "can_manage": services.can_manage(request.user),
    })


@login_required
def library_new(request: HttpRequest) -> HttpResponse:
    return render(request, "library/new.html", {
        "documents": selectors.new_documents(user=request.user, limit=50)})


@login_required
def library_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    manager = services.can_manage(request.user)
    # Asking is the members' two-way channel: only a person with a member profile may ask (issue 13).
    from chidao.members.selectors import own_profile

    return render(request, "library/document.html", {
        "can_ask": own_profile(user=request.user) is not None,
        "document": document, "links": selectors.document_links(user=request.user, document=document),
        "bookmarked": selectors.is_bookmarked(user=request.user, document=document),
        "notes": selectors.notes_for_person(user=request.user, document=document),
        "note_form": NoteForm(), "can_manage": manager,
        "validity_form": ValidityForm(initial={
            "validity": document.validity, "replaced_by": document.replaced_by.code if document.replaced_by else ""})
        if manager else None,
        "link_form": LinkForm() if manager else None,
        "restricted_units": list(document.restricted_units.all()) if manager else [],
        "restricted_cells": list(document.restricted_cells.all()) if manager else [],
        "withdraw_form": WithdrawForm() if manager and document.withdrawn_at is None else None,
    })


def _edit_initial(document: LibraryDocument) -> dict:  # type: ignore[type-arg]
    return {"version": document.version, "code": document.code, "title": document.title, "kind": document.kind,
            "issuer": document.issuer, "issued_on": document.issued_on, "field": document.field,
            "restricted_units": list(document.restricted_units.all()),
            "restricted_cells": list(document.restricted_cells.all()),
            "restricted_roles": rules.roles_list(document.restricted_roles)}


@login_required
def library_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được cập nhật thư viện văn bản."))
    document = selectors.document_get(user=request.user, pk=pk)
    form = EditForm(request.POST or None, initial=_edit_initial(document))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.document_edit(actor=request.user, document=document, version=d["version"], code=d["code"],
                                   title=d["title"], kind=d["kind"], issuer=d["issuer"], issued_on=d["issued_on"],
                                   field=d["field"], restricted_units=d["restricted_units"],
                                   restricted_roles=d["restricted_roles"], restricted_cells=d["restricted_cells"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin văn bản."))
            return redirect("library_document", pk=pk)
    return render(request, "library/edit.html", {"form": form, "document": document})


@login_required
@require_POST
def library_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được cập nhật thư viện văn bản."))
    document = selectors.document_get(user=request.user, pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do thu hồi văn bản."))
        return redirect("library_document", pk=pk)
    try:
        services.document_withdraw(actor=request.user, document=document, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã thu hồi văn bản; chỉ Cơ quan thường trực còn xem được."))
    return redirect("library_document", pk=pk)


@login_required
def library_file(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    path = file_path(document.stored_name)
    if not path.exists():
        raise Http404
    # The PDF viewer reads it inline; "?tai=1" downloads it.
    response = FileResponse(path.open("rb"), as_attachment=bool(request.GET.get("tai")),
                            filename=document.original_name, content_type=document.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def library_text(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    response = HttpResponse(document.body.text, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def library_upload(request: HttpRequest) -> HttpResponse:
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Cơ quan thường trực mới được cập nhật thư viện văn bản."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        replaced_by = selectors.document_by_code(user=request.user, code=d["replaced_by"])
        if d["replaced_by"] and replaced_by is None:
            form.add_error("replaced_by", _("Không tìm thấy văn bản có số, ký hiệu “%(c)s” trong thư viện.")
                           % {"c": d["replaced_by"]})
        else:
            try:
                document = services.document_upload(
                    actor=request.user, upload=d["file"], title=d["title"], kind=d["kind"], issuer=d["issuer"],
                    issued_on=d["issued_on"], code=d["code"], field=d["field"], summary=d["summary"],
                    validity=d["validity"], replaced_by=replaced_by, directive=d["directive"],
                    restricted_units=d["restricted_units"], restricted_roles=d["restricted_roles"],
                    restricted_cells=d["restricted_cells"])
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if document.has_text:
                    messages.success(request, _("Đã thêm văn bản vào thư viện."))
                else:
                    messages.warning(request, _("Đã thêm văn bản, nhưng không đọc được chữ trong tệp: văn bản "
                                                "không tìm được theo nội dung (chỉ tìm theo số, ký hiệu, trích yếu)."))
                return redirect("library_document", pk=document.pk)
    return render(request, "library/upload.html", {"form": form})


@login_required
@require_POST
def library_validity(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = ValidityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dữ liệu không hợp lệ."))
        return redirect("library_document", pk=pk)
    code = form.cleaned_data["replaced_by"]
    replaced_by = selectors.document_by_code(user=request.user, code=code) if code else None
    if code and replaced_by is None:
        messages.error(request, _("Không tìm thấy văn bản có số, ký hiệu “%(c)s” trong thư viện.") % {"c": code})
        return redirect("library_document", pk=pk)
    try:
        services.document_validity_set(actor=request.user, document=document,
                                       validity=form.cleaned_data["validity"],
                                       replaced_by=replaced_by if form.cleaned_data["validity"] == Validity.REPLACED
                                       else None)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã cập nhật hiệu lực."))
    return redirect("library_document", pk=pk)


@login_required
@require_POST
def library_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dữ liệu không hợp lệ."))
        return redirect("library_document", pk=pk)
    target = selectors.document_by_code(user=request.user, code=form.cleaned_data["target"])
    if target is None:
        messages.error(request, _("Không tìm thấy văn bản có số, ký hiệu “%(c)s” trong thư viện.")
                       % {"c": form.cleaned_data["target"]})
        return redirect("library_document", pk=pk)
    try:
        services.document_link_add(actor=request.user, source=document, target=target,
                                   kind=form.cleaned_data["kind"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã thêm liên kết."))
    return redirect("library_document", pk=pk)


@login_required
@require_POST
def library_bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    saved = services.bookmark_toggle(user=request.user, document=document)
    messages.success(request, _("Đã lưu văn bản.") if saved else _("Đã bỏ lưu văn bản."))
    return redirect("library_document", pk=pk)


@login_required
@require_POST
def library_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_save(user=request.user, document=document, body=form.cleaned_data["body"])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Đã lưu ghi chú."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("library_document", pk=pk)


@login_required
@require_POST
def library_note_delete(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.note_get(user=request.user, pk=pk)
    services.note_delete(user=request.user, note=note)
    messages.success(request, _("Đã xóa ghi chú."))
    return redirect("library_document", pk=note.document_id)


@login_required
def library_saved(request: HttpRequest) -> HttpResponse:
    return render(request, "library/saved.html", {
        "bookmarks": selectors.bookmarks_for_person(user=request.user),
        "notes": selectors.notes_for_person(user=request.user)})


@login_required
def library_saved_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"documents": selectors.saved_documents_for_person(user=request.user)})
