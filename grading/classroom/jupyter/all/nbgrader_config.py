"""nbgrader settings every classroom user shares: which course, and where its exchange is.

Installed into the classroom environment's ``etc/jupyter`` by ``setup.sh``, so that a
trainee's ``nbgrader fetch_assignment`` / ``submit`` (or the Assignments tab of JupyterLab)
know the course without any file of their own. The hub sets ``SIMSUITE_EXCHANGE_ROOT`` in
every server; the instructor's course folder has its own ``nbgrader_config.py`` on top.
"""

import os

c = get_config()  # noqa: F821 - injected by traitlets when it loads this file

c.CourseDirectory.course_id = os.environ.get("SIMSUITE_COURSE_ID", "simsuite-tip-basic")
c.Exchange.root = os.environ.get("SIMSUITE_EXCHANGE_ROOT", "/srv/nbgrader/exchange")
