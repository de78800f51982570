"""The document vault (kho dữ liệu): upload, list, download, remove."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.dossiers.scanning import check_and_scan
from motcua.dossiers.services import vault as vault_services

from .. import selectors
from ..forms import VaultUploadForm
from .common import citizen_required


@citizen_required
def vault(request):
    form = VaultUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = check_and_scan(upload, field="file")
            vault_services.add_document(actor=request.user, name=form.cleaned_data["name"], uploaded_file=upload,
                                        checked=checked)
        except ValidationError as exc:
            for field, errors in (exc.message_dict.items() if hasattr(exc, "error_dict") else [("file", exc.messages)]):
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The document was added to your vault."))
            return redirect("portal:vault")
    return render(request, "portal/vault.html", {"form": form, "documents": list(selectors.vault_documents(request.user))},
                  status=400 if form.errors else 200)


@citizen_required
def vault_file(request, pk: int):
    document = selectors.vault_documents(request.user).filter(pk=pk).only("file", "file_name").first()
    if document is None:
        raise Http404(_("No such document in your vault."))
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name)


@require_POST
@citizen_required
def vault_remove(request, pk: int):
    document = selectors.vault_documents(request.user).filter(pk=pk).first()
    if document is None:
        raise Http404(_("No such document in your vault."))
    vault_services.remove_document(actor=request.user, document=document)
    messages.success(request, _("The document was removed from your vault."))
    return redirect("portal:vault")
