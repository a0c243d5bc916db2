"""Exercise checks: a learner's answer in, a friendly right/wrong message with a hint out.

A wrong answer, an answer of the wrong type or no answer yet (``None``) never raises: the
result says what was expected and gives a hint. Only a mistake in the exercise itself (for
example ``batch_size=0`` in the question) raises, naming the argument. Each lesson's checks
live in their own module, ``lessonNN_<topic>``
(named so that no module shares a name with a check), and all are reachable as
``course.check.<name>``.

Example:
    >>> from course import check
    >>> check.iterations_per_epoch(10, num_samples=1_000, batch_size=100)
    Correct: 1,000 samples in batches of 100 make 10 iterations per epoch.
"""

from course.check._core import CheckResult as CheckResult
from course.check._core import judge_number as judge_number
from course.check.lesson00_setup import *  # noqa: F403
from course.check.lesson01_iterations import *  # noqa: F403
from course.check.lesson02_batch_size import *  # noqa: F403
from course.check.lesson03_epochs import *  # noqa: F403
from course.check.lesson04_early_stopping import *  # noqa: F403
from course.check.lesson05_regularization import *  # noqa: F403
from course.check.lesson06_learning_rate import *  # noqa: F403
from course.check.lesson07_choosing_epochs import *  # noqa: F403
from course.check.lesson08_transfer import *  # noqa: F403
from course.check.lesson09_hardware import *  # noqa: F403
from course.check.lesson10_misconceptions import *  # noqa: F403
