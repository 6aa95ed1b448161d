from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse


class AccountAdapter(DefaultAccountAdapter):
    """Closes open sign-up (accounts are created only by accepting a manager's invitation) and
    counts failed logins per address *and* account, on top of allauth's own counts.

    allauth's ``login_failed`` limit keys either on the address (whatever the account) or on the
    account (whatever the address): a tight per-account limit lets anyone lock the real person
    out with a few wrong passwords. Here the tight limit is per (address, account) and answers
    429 to that address only; allauth's per-account limit stays, generous, for attacks spread
    over many addresses (see ``ACCOUNT_RATE_LIMITS``).
    """

    ADDRESS_LIMIT = "login_failed_from_address"

    def is_open_for_signup(self, request):
        return False

    def _address_key(self, request, credentials):
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{self.get_client_ip(request)}:{login}"

    def pre_authenticate(self, request, **credentials):
        key = self._address_key(request, credentials)
        if not ratelimit.consume(request, action=self.ADDRESS_LIMIT, key=key):
            raise ImmediateHttpResponse(ratelimit.respond_429(request))
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            # Only someone who knows the password can clear this count, so clearing it helps no
            # brute force (unlike clearing the per-address count shared by every account).
            ratelimit.clear(
                request, action=self.ADDRESS_LIMIT, key=self._address_key(request, credentials)
            )
        return user
