"""The classroom server: Voilà with the project's page shell and limits.

``python -m simsuite.server notebooks/`` (what ``make run`` starts) serves the lessons as apps:

* the ``simsuite`` Voilà template (``share/jupyter/voila/templates/simsuite``): the page
  language in ``<html lang>``, a title naming the app, the loading message in the learner's
  language, a visible focus ring, responsive layout, ARIA for the widget helpers of
  :mod:`simsuite.widgets.common`, no CDN (Voilà's bundle carries the icon font);
* ``/`` opens the start page (``00_start_here.ipynb``); the file list stays at ``/voila/tree``;
* idle kernels are culled, a kernel is shut down when its page closes, the number of kernels
  is capped (a visitor past the cap gets a clear page in their language, status 503), and every
  kernel runs under a memory limit;
* no traceback or server path reaches a visitor: kernels load :mod:`simsuite.server.guard`.
"""
