import pytest


@pytest.fixture
def staff_user(django_user_model):
    """A superuser clerk for admin tests."""
    return django_user_model.objects.create_superuser(
        "clerk", "clerk@example.gov.cn", "pw-清单-2026"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
