"""An account closed anywhere (the admin's "active" box included) ends every role it held."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver


@receiver(pre_save, sender=get_user_model())
def _remember_activity(sender, instance, **kwargs):
    if instance.pk:
        previous = sender.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        instance._was_active = bool(previous)
    else:
        instance._was_active = instance.is_active


@receiver(post_save, sender=get_user_model())
def _end_roles_of_closed_accounts(sender, instance, update_fields=None, **kwargs):
    if instance.is_active or not getattr(instance, "_was_active", False):
        return
    from django_scopes import scope, scopes_disabled

    from .models import Membership
    from .services import end_role

    with scopes_disabled():
        memberships = list(Membership.objects.filter(user=instance).select_related("tenant"))
    for membership in memberships:
        with scope(tenant=membership.tenant):
            end_role(tenant=membership.tenant, user=instance)
