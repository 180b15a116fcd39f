"""Password-reset email, sent by a background task.

The reset view does the same work whatever address is typed: it enqueues one task with the
address. The task, on a worker, looks the address up and sends the email when an active
account has it. So the view's answer takes as long for a stranger's address as for a
member's, and says nothing about who has an account.
"""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template import loader

SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.txt"


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form whose save() only enqueues `send_password_reset`."""

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or get_current_site(request).domain
        send_password_reset.enqueue(self.cleaned_data["email"], domain, use_https)


class ResetMailer(PasswordResetForm):
    """Runs in the task: Django's lookup and tokens, but a failed send fails the task (so
    it is logged with the task's id and shown in the admin) instead of being swallowed."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


@task
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    form = ResetMailer({"email": email})
    if not form.is_valid():
        return
    form.save(
        domain_override=domain,
        use_https=use_https,
        subject_template_name=SUBJECT_TEMPLATE,
        email_template_name=BODY_TEMPLATE,
    )
