"""Where an action created from a weak criterion goes.

The action plans app registers its target when it exists::

    hooks.set_action_target(lambda *, company, title, description, actor, source: action)

Until then no target is set and the "add to the action plan" button stays hidden.
"""

_target = None


def set_action_target(func):
    global _target
    _target = func


def clear_action_target():
    set_action_target(None)


def action_target():
    return _target
