"""Course building: the course file, per-trainee variants and the nbgrader source notebooks."""
