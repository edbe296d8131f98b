"""How a person is named everywhere (pages, lists, emails, menus): the one display-name rule."""


def display_name(user, default="someone"):
    """The person's full name, else their username; `default` when there is no one (a deleted account)."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()
