from maklumat.compensation.tests.fixtures import eligible, yankomas  # noqa: F401
