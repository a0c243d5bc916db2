"""The tooling behind the ``course`` command: executing notebooks (``course run``) and the
command line itself. Learners never import it; nothing in the learner-facing package imports it.
"""
