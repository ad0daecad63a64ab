class IndonesianFirstMiddleware:
    """Make Bahasa Indonesia the default whatever the browser asks for.

    Django's LocaleMiddleware follows the Accept-Language header, so most browsers here would get English.
    The platform speaks Indonesian first; English is chosen explicitly (language cookie), never guessed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
