from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Closes open sign-up: accounts are created only by accepting a manager's invitation."""

    def is_open_for_signup(self, request):
        return False
