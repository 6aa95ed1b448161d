"""The juror's pages: their home, the conflicts they declare first, blind scoring (nothing of the
others before their own submission), stale saves, amendments with a reason; who may not."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from labels import services
from labels.models import (
    Application,
    ConflictDeclaration,
    Evidence,
    JurorAssignment,
    JuryScore,
    ScoreAmendment,
    Wave,
)
from labels.tests import factories
from rse_platform.tenants.roles import Role
from tests.conftest import PDF
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def wave(tenant, manager, ecoride, in_scope):
    with in_scope(tenant):
        return factories.open_wave(ecoride, manager)


@pytest.fixture
def parts(ecoride, tenant, in_scope):
    """Management /50, eco-design /40, commitment /10."""
    with in_scope(tenant):
        return factories.jury_parts(ecoride)


def _apply(tenant, manager, wave, in_scope, status=S.JURY, **company):
    with in_scope(tenant):
        company = CompanyFactory(tenant=tenant, **company)
        application = services.start_application(wave=wave, company=company, actor=manager)
    return factories.put(application, status)


@pytest.fixture
def application(tenant, manager, company, wave, in_scope):
    with in_scope(tenant):
        application = services.start_application(wave=wave, company=company, actor=manager)
    return factories.put(application, S.JURY)


@pytest.fixture
def juror(jurors):
    return jurors[0]


@pytest.fixture
def assignments(tenant, manager, application, jurors, in_scope):
    """The application assigned to the first two jurors: ``(mine, theirs)``."""
    with in_scope(tenant):
        return services.assign_jurors(application=application, jurors=jurors[:2], actor=manager)


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _score(assignment, parts, values, juror, in_scope, submit=True, comment=""):
    with in_scope(assignment.tenant):
        for part, value in zip(parts, values, strict=True):
            services.save_score(
                assignment=assignment,
                part=part,
                value=Decimal(value),
                comment=comment,
                actor=juror,
            )
        if submit:
            services.submit_scores(assignment=assignment, actor=juror)


def _confirm(client, tenant, wave):
    """The juror confirms their conflicts (none) for the wave."""
    response = client.post(_url(tenant, "jury_conflicts", pk=wave.pk), {})
    assert response.status_code == 302


def _form(parts, values, versions=None, action="save", comments=None):
    data = {"action": action}
    for index, part in enumerate(parts):
        data[f"value_{part.pk}"] = values[index]
        data[f"comment_{part.pk}"] = (comments or {}).get(index, "")
        data[f"version_{part.pk}"] = (versions or {}).get(index, 0)
    return data


def _scores(assignment, in_scope):
    with in_scope(assignment.tenant):
        return {
            score.part_id: score.value for score in JuryScore.objects.filter(assignment=assignment)
        }


# --- The juror's home ---------------------------------------------------------------------------


def test_it_lists_the_juror_s_assignments_with_their_state(
    client, tenant, manager, wave, parts, application, assignments, juror, in_scope
):
    mine, _theirs = assignments
    drafted = _apply(tenant, manager, wave, in_scope, name="Brouillon SARL")
    waiting = _apply(tenant, manager, wave, in_scope, status=S.AUDIT, name="Audit en cours SAS")
    stranger = _apply(tenant, manager, wave, in_scope, name="Pas à moi SA")
    with in_scope(tenant):
        (draft,) = services.assign_jurors(application=drafted, jurors=[juror], actor=manager)
        services.assign_jurors(application=waiting, jurors=[juror], actor=manager)
    _score(draft, parts[:1], ["20"], juror, in_scope, submit=False)
    client.force_login(juror)
    response = client.get(_url(tenant, "jury_home"))
    assert response.status_code == 200
    states = {row.application.company.name: row.state for row in response.context["table"].rows}
    assert states == {
        application.company.name: "to_score",
        "Brouillon SARL": "draft",
        "Audit en cours SAS": "waiting",
    }
    body = response.content.decode()
    assert stranger.company.name not in body
    assert _url(tenant, "jury_score", pk=mine.pk) in body
    assert _url(tenant, "jury_conflicts", pk=wave.pk) in body
    (shown,) = response.context["waves"]
    assert (shown.assigned, shown.pending, shown.confirmed) == (3, 2, False)


def test_past_waves_are_folded_away(client, tenant, manager, ecoride, parts, juror, in_scope):
    today = timezone.localdate()
    with in_scope(tenant):
        past = factories.open_wave(ecoride, manager, name="Vague de printemps")
    application = _apply(tenant, manager, past, in_scope)
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=[juror], actor=manager
        )
    _score(assignment, parts, ["40", "30", "10"], juror, in_scope)
    factories.put(application, S.DECIDED)
    with in_scope(tenant):  # the wave is over: applied 200 days ago, judged 150 days ago
        Wave.objects.filter(pk=past.pk).update(
            opens_on=today - timedelta(days=200),
            closes_on=today - timedelta(days=170),
            jury_on=today - timedelta(days=150),
        )
    client.force_login(juror)
    response = client.get(_url(tenant, "jury_home"))
    assert response.context["waves"] == []
    assert [wave.pk for wave in response.context["past_waves"]] == [past.pk]
    (row,) = response.context["table"].rows
    assert row.state == "submitted"


def test_a_juror_without_assignments_learns_what_will_come(client, tenant, juror):
    client.force_login(juror)
    response = client.get(_url(tenant, "jury_home"))
    assert response.status_code == 200
    assert response.context["waves"] == []
    assert 'data-testid="jury-empty"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.MEMBER, Role.AUDITOR, Role.CONSULTANT])
def test_other_roles_are_refused_the_jury_pages(
    client, tenant, make_person, wave, parts, assignments, role, in_scope
):
    mine, _theirs = assignments
    client.force_login(make_person(tenant, role))
    assert client.get(_url(tenant, "jury_home")).status_code == 403
    assert client.get(_url(tenant, "jury_conflicts", pk=wave.pk)).status_code == 403
    response = client.post(_url(tenant, "jury_score", pk=mine.pk), _form(parts, ["1", "1", "1"]))
    assert response.status_code == 403
    assert _scores(mine, in_scope) == {}


# --- Conflicts of interest ----------------------------------------------------------------------


def test_scoring_waits_for_the_conflicts_to_be_confirmed(client, tenant, wave, assignments, juror):
    mine, _theirs = assignments
    client.force_login(juror)
    score_url = _url(tenant, "jury_score", pk=mine.pk)
    response = client.get(score_url)
    assert response.status_code == 302
    assert response.url.startswith(_url(tenant, "jury_conflicts", pk=wave.pk))
    response = client.post(response.url, {"next": score_url})
    assert response.status_code == 302 and response.url == score_url
    assert client.get(score_url).status_code == 200


def test_it_lists_every_applicant_company_and_nothing_of_their_application(
    client, tenant, manager, wave, application, assignments, juror, in_scope
):
    other = _apply(
        tenant,
        manager,
        wave,
        in_scope,
        status=S.SUBMITTED,
        name="Transports Lenoir",
        commune="Orchies",
    )
    draft = _apply(tenant, manager, wave, in_scope, status=S.DRAFT, name="Pas encore candidat")
    client.force_login(juror)
    response = client.get(_url(tenant, "jury_conflicts", pk=wave.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert application.company.name in body
    assert "Transports Lenoir" in body and "Orchies" in body
    assert draft.company.name not in body
    assert other.company.siret not in body or not other.company.siret
    assert f'name="conflict_{other.company_id}"' in body


def test_a_declared_conflict_removes_the_application_and_hides_it(
    client, tenant, manager, wave, parts, company, application, assignments, juror, in_scope
):
    mine, _theirs = assignments
    _score(mine, parts[:1], ["30"], juror, in_scope, submit=False)
    client.force_login(juror)
    response = client.post(
        _url(tenant, "jury_conflicts", pk=wave.pk),
        {f"conflict_{company.pk}": "on", f"note_{company.pk}": "Ancien client"},
    )
    assert response.status_code == 302
    assert response.url == _url(tenant, "jury_home")
    with in_scope(tenant):
        declaration = ConflictDeclaration.objects.get(wave=wave, juror=juror, company=company)
        assert not JurorAssignment.objects.filter(pk=mine.pk).exists()
        assert not JuryScore.objects.filter(assignment_id=mine.pk).exists()
    assert declaration.note == "Ancien client"
    assert client.get(_url(tenant, "jury_score", pk=mine.pk)).status_code == 404
    home = client.get(_url(tenant, "jury_home")).content.decode()
    assert _url(tenant, "jury_score", pk=mine.pk) not in home
    # Shown as declared, without a box to undo it.
    page = client.get(_url(tenant, "jury_conflicts", pk=wave.pk)).content.decode()
    assert f'name="conflict_{company.pk}"' not in page and "Ancien client" in page


def test_a_conflict_after_submitting_hides_every_score(
    client, tenant, wave, parts, company, application, assignments, juror, jurors, in_scope
):
    mine, theirs = assignments
    _score(theirs, parts, ["45", "35", "8"], jurors[1], in_scope)
    _score(mine, parts, ["40", "30", "10"], juror, in_scope)
    with in_scope(tenant):
        services.declare_conflict(wave=wave, juror=juror, company=company, actor=juror)
    client.force_login(juror)
    _confirm(client, tenant, wave)
    assert client.get(_url(tenant, "jury_score", pk=mine.pk)).status_code == 404
    response = client.get(_url(tenant, "jury_home"))
    (row,) = response.context["table"].rows
    assert row.state == "conflict"
    assert _url(tenant, "jury_score", pk=mine.pk) not in response.content.decode()


def test_a_note_without_a_ticked_box_writes_nothing(
    client, tenant, wave, company, application, assignments, juror, in_scope
):
    client.force_login(juror)
    response = client.post(
        _url(tenant, "jury_conflicts", pk=wave.pk), {f"note_{company.pk}": "Je connais"}
    )
    assert response.status_code == 400
    assert response.context["form"].has_error(f"note_{company.pk}")
    with in_scope(tenant):
        assert not ConflictDeclaration.objects.filter(juror=juror).exists()
    assert client.get(_url(tenant, "jury_score", pk=assignments[0].pk)).status_code == 302


def test_a_wave_the_juror_has_nothing_to_do_with_answers_404(
    client, tenant, manager, ecoride, juror, in_scope
):
    with in_scope(tenant):
        quiet = factories.open_wave(ecoride, manager, name="Vague calme")
    client.force_login(juror)
    assert client.get(_url(tenant, "jury_conflicts", pk=quiet.pk)).status_code == 404


# --- Blind scoring ------------------------------------------------------------------------------


def test_a_juror_sees_nothing_of_the_others_before_submitting_and_everything_after(
    client, tenant, wave, parts, assignments, juror, jurors, in_scope
):
    mine, theirs = assignments
    _score(theirs, parts, ["33.25", "21", "7"], jurors[1], in_scope, comment="Dossier inégal")
    client.force_login(juror)
    _confirm(client, tenant, wave)
    url = _url(tenant, "jury_score", pk=mine.pk)
    before = client.get(url)
    body = before.content.decode()
    assert before.status_code == 200
    assert "33.25" not in body and "Dossier inégal" not in body
    assert jurors[1].email not in body and before.context["others"] is None
    response = client.post(url, _form(parts, ["40", "30,5", "10"], action="submit"))
    assert response.status_code == 302
    with in_scope(tenant):
        mine.refresh_from_db()
    assert mine.submitted_at is not None
    after = client.get(url)
    body = after.content.decode()
    assert 'data-testid="others-scores"' in body
    assert "33,25" in body and "Dossier inégal" in body and "30,5" in body  # fr-FR figures


def test_it_saves_a_draft_with_a_decimal_comma(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    client.force_login(juror)
    _confirm(client, tenant, wave)
    response = client.post(
        _url(tenant, "jury_score", pk=mine.pk),
        _form(parts, ["12,5", "", ""], comments={0: "Bonne démarche"}),
    )
    assert response.status_code == 302
    assert _scores(mine, in_scope) == {parts[0].pk: Decimal("12.5")}
    with in_scope(tenant):
        mine.refresh_from_db()
        assert JuryScore.objects.get(assignment=mine).comment == "Bonne démarche"
    assert mine.submitted_at is None


@pytest.mark.parametrize("value", ["51", "-1", "douze", "12,345"])
def test_a_bad_score_writes_nothing(
    client, tenant, wave, parts, assignments, juror, in_scope, value
):
    mine, _theirs = assignments
    client.force_login(juror)
    _confirm(client, tenant, wave)
    response = client.post(
        _url(tenant, "jury_score", pk=mine.pk), _form(parts, [value, "20", "5"], action="submit")
    )
    assert response.status_code == 400
    assert _scores(mine, in_scope) == {}
    with in_scope(tenant):
        mine.refresh_from_db()
    assert mine.submitted_at is None


def test_submitting_needs_every_part_and_writes_nothing_otherwise(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    client.force_login(juror)
    _confirm(client, tenant, wave)
    response = client.post(
        _url(tenant, "jury_score", pk=mine.pk), _form(parts, ["40", "", "5"], action="submit")
    )
    assert response.status_code == 400
    assert response.context["form"].has_error(f"value_{parts[1].pk}")
    assert _scores(mine, in_scope) == {}


def test_a_stale_save_writes_nothing_and_shows_the_value_saved_elsewhere(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    _score(mine, parts[:1], ["30"], juror, in_scope, submit=False)  # version 1
    client.force_login(juror)
    _confirm(client, tenant, wave)
    url = _url(tenant, "jury_score", pk=mine.pk)
    # Another tab saved 35 over version 1 ...
    assert client.post(url, _form(parts, ["35", "", ""], versions={0: 1})).status_code == 302
    # ... this tab, opened on version 1 too, saves 10 and 20: refused whole.
    response = client.post(url, _form(parts, ["10", "20", ""], versions={0: 1}))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="stale"' in body and f'data-testid="stale-{parts[0].pk}"' in body
    stale = body[body.index(f'data-testid="stale-{parts[0].pk}"') :]
    assert "35" in stale[: stale.index("</div>")]
    assert 'value="10"' in body  # what was typed is still there
    assert f'name="version_{parts[0].pk}" value="2"' in body  # saving again keeps it
    assert _scores(mine, in_scope) == {parts[0].pk: Decimal("35")}


def test_saving_one_part_with_htmx_answers_that_part(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    client.force_login(juror)
    _confirm(client, tenant, wave)
    url = _url(tenant, "jury_score", pk=mine.pk)
    data = {**_form(parts, ["44", "99", ""]), "part": parts[0].pk}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("<fieldset") and 'data-testid="part-saved"' in body
    assert f'name="version_{parts[0].pk}" value="1"' in body
    # Only that part was read: the other part's value above its maximum did not matter.
    assert _scores(mine, in_scope) == {parts[0].pk: Decimal("44")}
    response = client.post(url, {**data, "value_" + str(parts[0].pk): "60"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "invalid-feedback" in response.content.decode()
    assert _scores(mine, in_scope) == {parts[0].pk: Decimal("44")}


def test_another_juror_s_assignment_answers_404_and_writes_nothing(
    client, tenant, wave, parts, assignments, jurors, in_scope
):
    _mine, theirs = assignments
    client.force_login(jurors[2])
    _confirm(client, tenant, wave)  # not assigned, but the wave is before the jury
    url = _url(tenant, "jury_score", pk=theirs.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, _form(parts, ["1", "1", "1"], action="submit")).status_code == 404
    assert _scores(theirs, in_scope) == {}


def test_another_tenant_s_assignment_answers_404(
    client, tenant, other_tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    MembershipFactory(tenant=other_tenant, user=juror, role=Role.JURY)
    client.force_login(juror)
    url = _url(other_tenant, "jury_score", pk=mine.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, _form(parts, ["1", "1", "1"])).status_code == 404
    assert client.get(_url(other_tenant, "jury_conflicts", pk=wave.pk)).status_code == 404
    assert _scores(mine, in_scope) == {}


def test_the_page_shows_the_dossier_read_only(
    client, tenant, wave, manager, application, assignments, juror, in_scope
):
    with in_scope(tenant):
        evidence = Evidence.objects.create(
            tenant=tenant,
            application=application,
            file=ContentFile(PDF, name="bilan-carbone.pdf"),
            name="bilan-carbone.pdf",
            uploaded_by=manager,
        )
        wave.label.steps = ["Inscription et autodiagnostic", "Jury"]
        wave.label.save(update_fields=["steps"])
    client.force_login(juror)
    _confirm(client, tenant, wave)
    body = client.get(_url(tenant, "jury_score", pk=assignments[0].pk)).content.decode()
    assert _url(tenant, "label_evidence_download", pk=evidence.pk) in body
    assert "Inscription et autodiagnostic" in body


# --- Amendments ---------------------------------------------------------------------------------


def test_an_amendment_needs_a_reason_and_shows_in_the_history(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    _score(mine, parts, ["40", "30", "10"], juror, in_scope)
    with in_scope(tenant):
        score = JuryScore.objects.get(assignment=mine, part=parts[0])
    client.force_login(juror)
    _confirm(client, tenant, wave)
    url = _url(tenant, "jury_amend", pk=score.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"value": "45", "reason": "  "})
    assert response.status_code == 400
    assert response.context["form"].has_error("reason")
    with in_scope(tenant):
        assert not ScoreAmendment.objects.filter(score=score).exists()
    response = client.post(url, {"value": "45,5", "reason": "Relu la pièce 3"})
    assert response.status_code == 302
    with in_scope(tenant):
        score.refresh_from_db()
        amendment = ScoreAmendment.objects.get(score=score)
    assert score.value == Decimal("45.5")
    assert (amendment.previous_value, amendment.reason) == (Decimal("40"), "Relu la pièce 3")
    page = client.get(_url(tenant, "jury_score", pk=mine.pk)).content.decode()
    assert "Relu la pièce 3" in page and 'data-testid="amendments"' in page


def test_an_amendment_above_the_maximum_writes_nothing(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    _score(mine, parts, ["40", "30", "10"], juror, in_scope)
    with in_scope(tenant):
        score = JuryScore.objects.get(assignment=mine, part=parts[2])  # /10
    client.force_login(juror)
    _confirm(client, tenant, wave)
    response = client.post(_url(tenant, "jury_amend", pk=score.pk), {"value": "11", "reason": "x"})
    assert response.status_code == 400
    with in_scope(tenant):
        score.refresh_from_db()
        assert not ScoreAmendment.objects.exists()
    assert score.value == Decimal("10")


def test_a_draft_score_is_changed_on_the_scoring_page_not_amended(
    client, tenant, wave, parts, assignments, juror, in_scope
):
    mine, _theirs = assignments
    _score(mine, parts[:1], ["40"], juror, in_scope, submit=False)
    with in_scope(tenant):
        score = JuryScore.objects.get(assignment=mine)
    client.force_login(juror)
    _confirm(client, tenant, wave)
    response = client.post(_url(tenant, "jury_amend", pk=score.pk), {"value": "1", "reason": "x"})
    assert response.status_code == 302
    assert response.url == _url(tenant, "jury_score", pk=mine.pk)
    assert _scores(mine, in_scope) == {parts[0].pk: Decimal("40")}


# --- Home panel and to-dos ----------------------------------------------------------------------


def test_the_home_shows_what_to_score_and_the_conflicts_to_declare(
    client, tenant, wave, application, assignments, juror
):
    client.force_login(juror)
    response = client.get(_url(tenant, "tenant_home"))
    conflicts = _url(tenant, "jury_conflicts", pk=wave.pk)
    todos = {item.url: item for item in response.context["todos"]}
    assert application.company.name in todos[_url(tenant, "jury_score", pk=assignments[0].pk)].label
    assert conflicts in todos
    assert 'data-testid="jury-to-score">1<' in response.content.decode()
    _confirm(client, tenant, wave)
    todos = client.get(_url(tenant, "tenant_home")).context["todos"]
    assert conflicts not in [item.url for item in todos]


# --- Query counts -------------------------------------------------------------------------------


def _busy(tenant, manager, wave, parts, jurors, in_scope, size):
    """``size`` more applications assigned to the first juror (some drafted, some submitted),
    each with the other jurors' submitted scores, a conflict and an evidence file."""
    for index in range(size):
        application = _apply(tenant, manager, wave, in_scope)
        with in_scope(tenant):
            mine, *others = services.assign_jurors(
                application=application, jurors=jurors[:3], actor=manager
            )
            Evidence.objects.create(
                tenant=tenant,
                application=application,
                file=ContentFile(PDF, name="piece.pdf"),
                name=f"piece-{index}.pdf",
                uploaded_by=manager,
            )
            services.declare_conflict(
                wave=wave, juror=jurors[0], company=CompanyFactory(tenant=tenant), actor=jurors[0]
            )
        for other, juror in zip(others, jurors[1:3], strict=True):
            _score(other, parts, ["20", "20", "5"], juror, in_scope, comment="Avis")
        if index % 2:
            _score(mine, parts[:1], ["20"], jurors[0], in_scope, submit=False)


def test_the_jury_home_costs_the_same_with_more_assignments(
    client, tenant, manager, wave, parts, jurors, page_queries, in_scope
):
    client.force_login(jurors[0])
    url = _url(tenant, "jury_home")
    _busy(tenant, manager, wave, parts, jurors, in_scope, size=1)
    page_queries(url)
    small = page_queries(url)
    _busy(tenant, manager, wave, parts, jurors, in_scope, size=5)
    assert page_queries(url) == small


def test_the_conflicts_page_costs_the_same_with_more_applicants(
    client, tenant, manager, wave, parts, jurors, page_queries, in_scope
):
    client.force_login(jurors[0])
    url = _url(tenant, "jury_conflicts", pk=wave.pk)
    _busy(tenant, manager, wave, parts, jurors, in_scope, size=1)
    page_queries(url)
    small = page_queries(url)
    _busy(tenant, manager, wave, parts, jurors, in_scope, size=5)
    assert page_queries(url) == small


def test_the_scoring_page_costs_the_same_with_more_jurors_and_documents(
    client, tenant, manager, wave, parts, application, jurors, make_person, page_queries, in_scope
):
    more = [make_person(tenant, Role.JURY) for _ in range(4)]
    with in_scope(tenant):
        mine, second = services.assign_jurors(
            application=application, jurors=jurors[:2], actor=manager
        )
    _score(second, parts, ["20", "20", "5"], jurors[1], in_scope, comment="Avis")
    _score(mine, parts, ["30", "30", "5"], jurors[0], in_scope, comment="Le mien")
    client.force_login(jurors[0])
    _confirm(client, tenant, wave)
    url = _url(tenant, "jury_score", pk=mine.pk)
    page_queries(url)
    small = page_queries(url)
    with in_scope(tenant):
        for index, person in enumerate(more):
            (assignment,) = services.assign_jurors(
                application=application, jurors=[person], actor=manager
            )
            Evidence.objects.create(
                tenant=tenant,
                application=application,
                file=ContentFile(PDF, name="piece.pdf"),
                name=f"piece-{index}.pdf",
                uploaded_by=manager,
            )
            _score(assignment, parts, ["10", "10", "1"], person, in_scope, comment="Autre")
        services.amend_score(
            score=JuryScore.objects.get(assignment=mine, part=parts[0]),
            value=Decimal("31"),
            reason="Relu",
            actor=jurors[0],
        )
    assert page_queries(url) == small
