import re

from django import forms
from django.conf import settings

from .models import Comment, body_digest

# What a reader would count as a link: an address with a scheme, or one starting www.
LINK = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)


class CommentForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "The comment you are replying to is no longer on the post."},
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "body", "parent"]
        labels = {"name": "Your name", "email": "Email address", "body": "Your comment"}
        help_texts = {
            "email": "Never shown. We email you a link to delete your comment.",
            "body": "Plain text. Comments are read by our team before they appear.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "body": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = self.instance.page = page
        # One level of replies: only a published top-level comment of this post can be answered.
        self.fields["parent"].queryset = Comment.objects.approved().filter(page=page, parent=None)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        links = len(LINK.findall(body))
        if links > settings.COMMENTS_MAX_LINKS:
            allowed = settings.COMMENTS_MAX_LINKS
            raise forms.ValidationError(
                f"Your comment has {links} links; we accept at most {allowed}, which keeps out advertising. "
                "Take some out and send it again."
            )
        if Comment.objects.filter(page=self.page, digest=body_digest(self.page, body)).exists():
            raise forms.ValidationError("This comment has been sent already: it is with our team.")
        return body
