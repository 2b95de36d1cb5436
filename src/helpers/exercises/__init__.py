"""Exercise checks, one module per notebook (``ch03.py`` for chapter 3, ``cs10.py`` for case study 10).

Each module registers its checks with :func:`helpers.check.exercise`; learners reach them as
``check.ch03_precision(answer)``. New modules are discovered automatically.
"""

import pkgutil

MODULES = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
