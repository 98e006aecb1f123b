"""What the navigation needs to know about the signed-in person's roles."""

from blocs.access import roles_for


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"portal_roles": roles_for(user)}
