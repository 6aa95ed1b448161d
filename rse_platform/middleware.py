from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """French first: the UI is in French unless the person chose another language.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is not consulted: the users are
    French programme teams and companies whose browsers are often set to English, and the platform
    must speak French to them until they pick English in the language switcher (a cookie).

    When a signed-in person picks a language (the response sets the cookie, as Django's
    ``set_language`` view does), it is also stored on their account: it is the language of the
    e-mails they receive, which are rendered where there is no cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        picked = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if picked is not None and picked.value in self.supported:
            _remember(request, picked.value)
        elif getattr(request, "language_of_account", None) in self.supported - {chosen}:
            # Signing in on a new browser brings back the language the person chose before.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                request.language_of_account,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


@receiver(user_logged_in)
def _language_at_login(sender, request, user, **kwargs):
    if request is not None:
        request.language_of_account = user.language


def _remember(request, language):
    # request.user is set by AuthenticationMiddleware, further down the chain, on the way in.
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language != language:
        get_user_model().objects.filter(pk=user.pk).update(language=language)
        user.language = language
