"""What the browser tests of the admin share: a staff member in a role, and signing in as them."""

from django.contrib.auth.models import Group, User

PASSWORD = "mat-khau-thu"


def staff(username: str, group: str, last_name: str, first_name: str) -> User:
    """A staff account in one of the newsroom's role groups, with the shared test password."""
    from articles.roles import ensure_groups

    ensure_groups()  # a transactional test's flush removes the groups the data migration made
    user = User.objects.create_user(
        username, password=PASSWORD, is_staff=True, last_name=last_name, first_name=first_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def admin_login(page, base: str, username: str) -> None:
    """Sign in through the admin's own login page, as a person would, leaving any earlier session behind."""
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")
