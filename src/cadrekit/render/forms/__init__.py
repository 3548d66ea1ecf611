"""年度考核登记表: each cadre's annual assessment registration form as an A4 Word document.

``fields`` reads what the form is pre-filled with from a scored result (nothing is
recomputed); ``layout`` draws the two official forms (公务员 / 事业单位工作人员) with
python-docx; ``write`` names the files and writes them atomically, never over a file
without ``--force``.
"""

from __future__ import annotations

from cadrekit.render.forms.fields import FORM_KINDS, FormData, form_data, form_kind
from cadrekit.render.forms.write import write_forms

__all__ = ["FORM_KINDS", "FormData", "form_data", "form_kind", "write_forms"]
