"""The admin's sign-in form with a TOTP code (django-otp), in Chinese."""

from django import forms
from django.conf import settings
from django_otp import devices_for_user, user_has_device
from django_otp.admin import OTPAdminAuthenticationForm

import audit
from audit import actions


def no_device_message():
    return (
        "您的账号还没有绑定动态口令（TOTP）设备，暂时不能登录后台。"
        f"请联系{settings.PORTAL_ADMIN_CONTACT}：管理员在后台“动态口令（双因素认证）→ TOTP devices”中为您添加设备，"
        "把生成的二维码交给您；您用手机上的身份验证器应用（如 Microsoft Authenticator、"
        "Google 身份验证器或 FreeOTP）扫描后，即可用其中显示的 6 位动态口令登录。"
    )


class CodeInput(forms.TextInput):
    """A one-time code's box: what was typed is never sent back in the page (like a password)."""

    def format_value(self, value):
        return None


class TwoFactorLoginForm(OTPAdminAuthenticationForm):
    """
    Username, password and the 6-digit code in one step.

    django-otp asks the user to pick a device on a second submission; with a single device
    (the usual case) it is picked here, so one submission suffices. A refused code is recorded
    in the audit log: the password was right, only the second factor failed.
    """

    otp_token = forms.CharField(
        label="动态口令",
        required=False,
        help_text="手机身份验证器中本账号当前显示的 6 位数字。",
        widget=CodeInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "8"}
        ),
    )
    otp_device = forms.CharField(label="动态口令设备", required=False, widget=forms.Select)

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": "请输入动态口令（手机身份验证器中显示的 6 位数字）。",
        "invalid_token": "动态口令不正确或已过期，请输入身份验证器中当前显示的数字。",
        "n_failed_attempts": "动态口令连续错误 %(failure_count)d 次，验证暂停片刻，请稍后再试。",
        "verification_not_allowed": "暂时不能验证动态口令，请稍后再试。",
        "device_required": "请选择动态口令设备。",
        "not_interactive": "所选设备不需要获取口令，请直接输入身份验证器中显示的数字。",
        "challenge_message": "{0}",
        "challenge_exception": "获取动态口令失败：{0}",
    }

    def clean_otp(self, user):
        if user is None:
            return
        try:
            if not user_has_device(user):
                raise forms.ValidationError(no_device_message(), code="no_device")
            super().clean_otp(user)
        except forms.ValidationError as error:
            audit.record(
                self.request,
                actions.LOGIN_FAILED,
                user=user,
                detail=f"密码正确，动态口令未通过：{error.messages[0]}",
            )
            raise

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, for_verify=True))
            if len(devices) == 1:
                device = devices[0]
        return device

    def has_device_choice(self):
        """More than one device: the page shows the list to choose from."""
        return len(self.fields["otp_device"].widget.choices) > 2
