"""How a person is named everywhere (pages, lists, emails, menus): the one display-name rule."""

# What display_name reads of a person: a long list of people (a team's members as choices) loads only these.
NAME_FIELDS = ("username", "first_name", "last_name")


def display_name(user, default="someone"):
    """The person's full name, else their username; `default` when there is no one (a deleted account)."""
    if user is None:
        return default
    return name_from(user.get_username(), user.first_name, user.last_name)


def name_from(username, first_name, last_name):
    """The same rule from the values of NAME_FIELDS, without a model instance."""
    return f"{first_name} {last_name}".strip() or username
