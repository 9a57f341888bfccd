"""Password reset by e-mail: Django's views, throttled, with NHS.UK-styled pages.

The same answer ("if that address has an account, we have sent a link") whether the e-mail
belongs to an account or not, and whether or not it has had too many links this hour: nothing
here tells a visitor which accounts exist. Too many requests from one address gets a 429.
"""

from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render

from plans.forms import NewPasswordForm, PasswordResetRequestForm
from plans.throttles import password_reset_address_allowed, password_reset_email_allowed


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        if not password_reset_address_allowed(request):
            return render(request, "registration/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if password_reset_email_allowed(form.cleaned_data["email"]):
            return super().form_valid(form)  # sends the e-mail, if the address has an account
        return HttpResponseRedirect(self.get_success_url())  # the same page, no e-mail


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
