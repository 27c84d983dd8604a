"""The subscriber's journey: subscribe, confirm by the emailed link, manage, unsubscribe; no sign-in.

Every subscribe ends on the same "check your inbox" page, whether the address was new,
waiting for its confirmation or subscribed already (subscriptions.delivery). A subscriber's
own pages open only from the links in their emails. Unsubscribing is one POST to the link in
the email's List-Unsubscribe header (RFC 8058): a mail client sends it without a CSRF token,
so that view alone is exempt; the token in its address is the right to use it.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from wagtail.models import Site

from protection.ratelimit import RateLimit
from protection.spam import Reason, blocked_reason, form_context

from .delivery import confirm, subscribe, subscriber_for_token, unsubscribe
from .forms import PreferencesForm, SubscribeForm
from .models import LISTS

# Subscribe posts from one address: a school's staff may share one connection.
SUBSCRIBES = RateLimit("subscribe", "SUBSCRIBE_RATE_LIMIT")
# The form's name in its protection.spam stamp, so no other form's stamp passes here.
SPAM_FORM = "subscribe"


def home_page(request):
    """The page the form's spam stamp names: the site's home page (the form belongs to no page)."""
    return Site.find_for_request(request).root_page


def render_subscribe(request, form, status=200, blocked=None):
    context = {
        "form": form,
        "blocked": blocked,
        "rate_limit_minutes": SUBSCRIBES.minutes,
        **form_context(home_page(request), SPAM_FORM),
    }
    return TemplateResponse(request, "subscriptions/subscribe.html", context, status=status)


@csrf_protect
def subscribe_page(request):
    if request.method != "POST":
        # ?list=roundtable from a section's "follow" line ticks that one; otherwise all are ticked.
        chosen = [name for name in request.GET.getlist("list") if name in LISTS] or list(LISTS)
        return render_subscribe(request, SubscribeForm(initial={"lists": chosen}))
    form = SubscribeForm(request.POST)
    reason = blocked_reason(request, home_page(request), SPAM_FORM, rate_limit=SUBSCRIBES)
    if reason == Reason.HONEYPOT:
        # Only robots fill in a field nobody sees: it looks like success so they learn nothing.
        return redirect("subscriptions:check_inbox")
    if reason:
        # A person can trip the others: what they typed comes back, unvalidated, with what to do.
        kept = SubscribeForm(initial={"email": form["email"].data, "lists": request.POST.getlist("lists")})
        response = render_subscribe(request, kept, blocked=reason)
        return SUBSCRIBES.refuse(response) if reason == Reason.RATE_LIMITED else response
    if not form.is_valid():
        return render_subscribe(request, form, status=400)
    subscribe(form.cleaned_data["email"], form.cleaned_data["lists"], form.cleaned_data["frequency"])
    return redirect("subscriptions:check_inbox")


def check_inbox(request):
    return TemplateResponse(request, "subscriptions/check_inbox.html", {})


def link_not_found(request):
    return TemplateResponse(request, "subscriptions/link_not_found.html", {}, status=404)


@csrf_protect
def confirm_page(request, token):
    """The emailed link shows a button; the POST confirms (a mail scanner following links confirms nothing)."""
    subscriber = subscriber_for_token(token)
    if subscriber is None:
        return link_not_found(request)
    if request.method == "POST" or subscriber.confirmed_at:
        if not subscriber.confirmed_at:
            confirm(subscriber)
            messages.success(request, "Thank you: your subscription is confirmed.")
        return redirect("subscriptions:manage", token)
    return TemplateResponse(request, "subscriptions/confirm.html", {"subscriber": subscriber})


@csrf_protect
def manage_page(request, token):
    subscriber = subscriber_for_token(token)
    if subscriber is None:
        return link_not_found(request)
    if subscriber.confirmed_at is None:
        return redirect("subscriptions:confirm", token)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            for list_name in LISTS:
                setattr(subscriber, list_name, list_name in form.cleaned_data["lists"])
            subscriber.frequency = form.cleaned_data["frequency"]
            subscriber.save(update_fields=[*LISTS, "frequency"])
            messages.success(request, "Your choices are saved.")
            return redirect("subscriptions:manage", token)
        status = 400
    else:
        form = PreferencesForm(initial={"lists": subscriber.list_names, "frequency": subscriber.frequency})
        status = 200
    context = {
        "form": form,
        "subscriber": subscriber,
        "unsubscribe_url": reverse("subscriptions:unsubscribe", args=[token]),
    }
    return TemplateResponse(request, "subscriptions/manage.html", context, status=status)


@csrf_exempt
def unsubscribe_page(request, token):
    """GET asks; POST (the page's button, or a mail client's List-Unsubscribe=One-Click) forgets the address."""
    subscriber = subscriber_for_token(token)
    if request.method == "POST":
        if subscriber is not None:
            unsubscribe(subscriber)
        # Done, or done before: either way the address gets nothing more.
        return TemplateResponse(request, "subscriptions/unsubscribed.html", {})
    if subscriber is None:
        return link_not_found(request)
    return TemplateResponse(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber, "token": token})
