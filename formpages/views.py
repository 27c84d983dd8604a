"""A visitor sending a form page: spam checks, validation, saving, then a redirect.

Called from FormPage's routes. Every accepted post redirects to the thank-you page, so a
refresh never sends the form again.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_protect

from protection.spam import FORM_POSTS, PER_VISITOR_INPUTS, Reason, blocked_reason, form_context

from .models import BlockedAttempt
from .submissions import save_submission


def render_form(request, page, form, blocked=None, status=200):
    context = page.get_context(request)
    context.update(
        form=form,
        blocked=blocked,
        rate_limit_minutes=FORM_POSTS.minutes,
        **form_context(page),
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


@csrf_protect
def form_page(request, page):
    if request.method != "POST":
        request.page_cache_fill_ins = PER_VISITOR_INPUTS  # served from the page cache, token and stamp filled in
        return render_form(request, page, page.get_form(page=page, user=request.user))
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    reason = blocked_reason(request, page)
    if reason:
        BlockedAttempt.record(page, reason)
        if reason == Reason.HONEYPOT:
            # Only robots fill in a field nobody sees: it looks like success so they learn nothing.
            return redirect(page.thank_you_url(request))
        # A person can trip the others: show their answers again, unvalidated, with what to do.
        kept = page.get_form(initial={field.name: field.data for field in form}, page=page, user=request.user)
        if reason == Reason.RATE_LIMITED:
            return FORM_POSTS.refuse(render_form(request, page, kept, blocked=reason))
        return render_form(request, page, kept, blocked=reason)
    if not form.is_valid():
        return render_form(request, page, form, status=400)
    if save_submission(page, form) is None:
        messages.info(request, "We already had this form from you, so we kept it once.")
    return redirect(page.thank_you_url(request))
