import pytest


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run a change and its after-commit work (the version bumps), as a committed edit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run
