import factory
from django.contrib.contenttypes.models import ContentType

from rse_platform.files.models import GeneratedDocument
from rse_platform.tenants.models import Tenant
from tests.factories import ScopedFactory, TenantFactory


class SubjectFactory(ScopedFactory):
    """A tenant-owned row for documents to be about (a GeneratedDocument stands in)."""

    class Meta:
        model = GeneratedDocument

    tenant = factory.SubFactory(TenantFactory)
    kind = "files_test.subject"
    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Tenant))
    subject_id = factory.SelfAttribute("tenant.pk")
    status = GeneratedDocument.Status.READY
