"""The roster upload form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OneRoster zip file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip"}),
        help_text=gettext_lazy("A .zip of OneRoster 1.1 or 1.2 CSV files, with manifest.csv."),
    )
    force = forms.BooleanField(
        required=False, label=gettext_lazy("Apply even if a school would lose many students at once")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(
                _("%(name)s is not a .zip file. Zip the OneRoster CSV files together.")
                % {"name": upload.name}
            )
        if upload.size > settings.PATHMAKER_MAX_IMPORT_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than the import limit."))
        return upload
