"""Problems are data: every finding about the input has a stable kebab-case code.

A :class:`Problem` carries where it is (``干部名册!F17``, ``tracks[2].indicators[0].weight``
or a file name), what was found, what was expected, and a hint, in Chinese and English.
The :data:`CATALOGUE` holds each code's severity, title and hint templates; templates may
use ``{found}``, ``{expected}``, ``{column}`` and any key of ``Problem.params``.

The model is in problems/model.py, the entries in problems/entry.py, the catalogue in
problems/catalogue.py (files, sheets and cells in problems/catalogue_input.py).
"""

from __future__ import annotations

from cadrekit.problems.catalogue import CATALOGUE as CATALOGUE
from cadrekit.problems.entry import SEVERITY_ORDER as SEVERITY_ORDER
from cadrekit.problems.entry import Entry as Entry
from cadrekit.problems.entry import Severity as Severity
from cadrekit.problems.model import Problem as Problem
from cadrekit.problems.model import has_errors as has_errors
from cadrekit.problems.model import sort_problems as sort_problems
