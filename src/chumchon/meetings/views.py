from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def body(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("")
