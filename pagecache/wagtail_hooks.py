from wagtail import hooks


@hooks.register("before_serve_page")
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    """A page at its own URL may be shared; its sub-routes (a registrant's status, cancel) never are.

    The middleware still refuses anything personal: logged in, a cookie set, a CSRF token used.
    """
    url_parts = page.get_url_parts(request=request)
    request.page_cacheable = url_parts is not None and url_parts[2] == request.path
