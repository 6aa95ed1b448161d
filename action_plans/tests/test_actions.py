"""Actions: the board and the table, moves and their refusals, editing, comments, documents."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from action_plans import services
from action_plans.models import Action, ActionAttachment, ActionComment, ActionType
from companies import services as company_services
from rse_platform.tenants.roles import Role
from tests.conftest import PDF
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "plan-board"}


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def world(tenant, make_person):
    salti = CompanyFactory(tenant=tenant, name="Salti")
    lesaffre = CompanyFactory(tenant=tenant, name="Lesaffre Frères")
    leader = make_person(tenant, Role.MEMBER, first_name="Anne", last_name="Delattre")
    other_leader = make_person(tenant, Role.MEMBER)
    owner = CompanyMemberFactory(company=salti, user=leader)
    CompanyMemberFactory(company=lesaffre, user=other_leader)
    consultant = make_person(tenant, Role.CONSULTANT)
    manager = make_person(tenant, Role.MANAGER)
    with scope(tenant=tenant):
        company_services.assign_consultant(company=salti, consultant=consultant)
        plan = services.create_plan(
            company=salti, title="Plan RSE", actor=manager, priority_themes=[]
        )
        action = services.create_action(plan=plan, title="Plan de mobilité", actor=manager)
        other_plan = services.create_plan(company=lesaffre, title="Plan Lesaffre", actor=manager)
        other_action = services.create_action(plan=other_plan, title="Tri", actor=manager)
    return SimpleNamespace(
        tenant=tenant,
        salti=salti,
        lesaffre=lesaffre,
        leader=leader,
        owner=owner,
        other_leader=other_leader,
        consultant=consultant,
        manager=manager,
        jury=make_person(tenant, Role.JURY),
        plan=plan,
        action=action,
        other_plan=other_plan,
        other_action=other_action,
    )


def status_of(action):
    action.refresh_from_db()
    return action.status


# --- The board and the table --------------------------------------------------------------------


def test_it_shows_the_board_by_status(client, world):
    with scope(tenant=world.tenant):
        services.create_action(plan=world.plan, title="Bilan carbone", actor=world.manager)
        services.move_action(action=world.action, status="in_progress", actor=world.manager)
    client.force_login(world.leader)
    response = client.get(url(world.tenant, "plan_board", pk=world.plan.pk))
    body = response.content.decode()
    assert response.status_code == 200
    planned = body.split('data-testid="column-planned"')[1].split("</section>")[0]
    in_progress = body.split('data-testid="column-in_progress"')[1].split("</section>")[0]
    assert "Bilan carbone" in planned and "Plan de mobilité" in in_progress
    assert 'draggable="true"' in body
    assert "js/action_plans.js" in body


def test_the_table_view_is_swapped_by_htmx(client, world):
    client.force_login(world.leader)
    response = client.get(url(world.tenant, "plan_board", pk=world.plan.pk) + "?view=table", **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="action-table"' in body and "<html" not in body
    assert "Plan de mobilité" in body


def test_a_reader_gets_the_board_without_moves(client, world, make_person):
    # A plan closed by its final review is read-only for everyone.
    with scope(tenant=world.tenant):
        services.start_plan(plan=world.plan, actor=world.manager)
        services.record_review(
            plan=world.plan, kind="final", outcome="positive", actor=world.manager
        )
    client.force_login(world.leader)
    body = client.get(url(world.tenant, "plan_board", pk=world.plan.pk)).content.decode()
    assert "Plan de mobilité" in body
    assert 'draggable="true"' not in body and 'name="status"' not in body


@pytest.mark.parametrize("view", ["", "?view=table"])
def test_the_board_costs_the_same_for_2_and_20_actions(client, world, page_queries, view):
    client.force_login(world.consultant)
    board = url(world.tenant, "plan_board", pk=world.plan.pk) + view
    with scope(tenant=world.tenant):
        services.create_action(plan=world.plan, title="Deux", actor=world.manager)
    few = page_queries(board)
    with scope(tenant=world.tenant):
        kind = ActionType.objects.create(tenant=world.tenant, name="Mobilité")
        for index in range(18):
            action = services.create_action(
                plan=world.plan,
                title=f"Action {index}",
                actor=world.manager,
                owner=world.owner,
                action_type=kind,
                due_on=timezone.localdate() + timedelta(days=index),
            )
            if index % 3 == 0:
                services.move_action(action=action, status="in_progress", actor=world.manager)
    assert page_queries(board) == few


@pytest.mark.parametrize(
    ("persona", "plan", "status"),
    [("other_leader", "plan", 404), ("consultant", "other_plan", 404), ("jury", "plan", 403)],
)
def test_others_may_not_see_a_board(client, world, persona, plan, status):
    client.force_login(getattr(world, persona))
    response = client.get(url(world.tenant, "plan_board", pk=getattr(world, plan).pk))
    assert response.status_code == status


def test_a_board_of_another_tenant_is_not_found(client, world, other_tenant, make_person):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.get(url(other_tenant, "plan_board", pk=world.plan.pk)).status_code == 404
    response = client.post(url(other_tenant, "action_move", pk=world.action.pk), {"status": "done"})
    assert response.status_code == 404
    assert status_of(world.action) == "planned"


# --- Moving actions -----------------------------------------------------------------------------


def test_a_move_with_htmx_answers_the_board_and_announces_it(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_move", pk=world.action.pk), {"status": "in_progress"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="board-status"' in body and 'data-hx-swap-oob="true"' in body
    assert "Plan de mobilité" in body.split('id="board-status"')[1]
    assert status_of(world.action) == "in_progress"


def test_a_move_without_htmx_goes_back_to_the_board(client, world):
    client.force_login(world.consultant)
    response = client.post(url(world.tenant, "action_move", pk=world.action.pk), {"status": "done"})
    assert response["Location"] == url(world.tenant, "plan_board", pk=world.plan.pk)
    world.action.refresh_from_db()
    assert world.action.status == "done" and world.action.progress == 100


def test_a_card_goes_to_the_place_it_was_dropped(client, world):
    with scope(tenant=world.tenant):
        first = services.create_action(plan=world.plan, title="Premier", actor=world.manager)
        services.move_action(action=first, status="in_progress", actor=world.manager)
        second = services.create_action(plan=world.plan, title="Second", actor=world.manager)
        services.move_action(action=second, status="in_progress", actor=world.manager)
    client.force_login(world.leader)
    client.post(
        url(world.tenant, "action_move", pk=world.action.pk),
        {"status": "in_progress", "position": "1"},
        **HTMX,
    )
    with scope(tenant=world.tenant):
        column = list(
            world.plan.actions.filter(status="in_progress")
            .order_by("position")
            .values_list("title", flat=True)
        )
    assert column == ["Premier", "Plan de mobilité", "Second"]


def test_a_refused_transition_says_why_and_writes_nothing(client, world):
    with scope(tenant=world.tenant):
        services.move_action(action=world.action, status="done", actor=world.manager)
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_move", pk=world.action.pk), {"status": "abandoned"}, **HTMX
    )
    assert response.status_code == 400
    assert 'data-testid="board-error"' in response.content.decode()
    assert status_of(world.action) == "done"


def test_abandoning_asks_for_a_reason(client, world):
    client.force_login(world.leader)
    move = url(world.tenant, "action_move", pk=world.action.pk)
    response = client.post(move, {"status": "abandoned", "reason": "  "}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 400
    assert f'id="reason-{world.action.pk}"' in body
    assert status_of(world.action) == "planned"
    response = client.post(move, {"status": "abandoned", "reason": "Pas de budget"}, **HTMX)
    assert response.status_code == 200
    world.action.refresh_from_db()
    assert (world.action.status, world.action.abandon_reason) == ("abandoned", "Pas de budget")


def test_abandoning_without_htmx_shows_the_reason_field_again(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_move", pk=world.action.pk), {"status": "abandoned"}
    )
    assert response.status_code == 400
    assert f'id="reason-{world.action.pk}"' in response.content.decode()
    assert status_of(world.action) == "planned"


def test_an_unknown_status_is_refused(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_move", pk=world.action.pk), {"status": "archived"}, **HTMX
    )
    assert response.status_code == 400
    assert status_of(world.action) == "planned"


@pytest.mark.parametrize(
    ("persona", "action", "status"),
    [("other_leader", "action", 404), ("consultant", "other_action", 404), ("jury", "action", 403)],
)
def test_others_may_not_move_an_action(client, world, persona, action, status):
    client.force_login(getattr(world, persona))
    target = getattr(world, action)
    response = client.post(url(world.tenant, "action_move", pk=target.pk), {"status": "done"})
    assert response.status_code == status
    assert status_of(target) == "planned"


# --- Creating and editing an action -------------------------------------------------------------


def test_a_member_adds_an_action_with_an_owner_and_a_type(client, world):
    with scope(tenant=world.tenant):
        kind = ActionType.objects.create(tenant=world.tenant, name="Plan de mobilité")
        ActionType.objects.create(tenant=world.tenant, name="Ancien type", archived=True)
    client.force_login(world.leader)
    page = url(world.tenant, "action_create", pk=world.plan.pk)
    form = client.get(page).content.decode()
    assert "Plan de mobilité" in form and "Ancien type" not in form
    response = client.post(
        page,
        {
            "title": "Covoiturage",
            "description": "Mettre en place une plateforme",
            "theme": "",
            "criterion": "",
            "action_type": kind.pk,
            "owner": world.owner.pk,
            "starts_on": "2026-01-05",
            "due_on": "2026-06-30",
            "priority": "1",
            "progress": "0",
        },
    )
    assert response.status_code == 302
    with scope(tenant=world.tenant):
        action = Action.objects.get(title="Covoiturage")
    assert (action.owner, action.action_type, action.priority) == (world.owner, kind, 1)


def test_an_owner_of_another_company_is_refused(client, world):
    with scope(tenant=world.tenant):
        stranger = world.other_plan.company.people.get()
    client.force_login(world.manager)
    response = client.post(
        url(world.tenant, "action_create", pk=world.plan.pk),
        {"title": "Covoiturage", "owner": stranger.pk, "priority": "2", "progress": "0"},
    )
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert not Action.objects.filter(title="Covoiturage").exists()


def test_a_deadline_before_the_start_is_refused(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_create", pk=world.plan.pk),
        {
            "title": "Covoiturage",
            "starts_on": "2026-06-30",
            "due_on": "2026-01-05",
            "priority": "2",
            "progress": "0",
        },
    )
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert not Action.objects.filter(title="Covoiturage").exists()


def test_a_consultant_edits_an_action(client, world):
    client.force_login(world.consultant)
    page = url(world.tenant, "action_detail", pk=world.action.pk)
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "title": "Plan de mobilité employeur",
            "description": "",
            "theme": "",
            "criterion": "Mobilité des salariés",
            "owner": world.owner.pk,
            "due_on": "2026-09-30",
            "priority": "1",
            "progress": "40",
        },
    )
    assert response.status_code == 302
    world.action.refresh_from_db()
    assert world.action.title == "Plan de mobilité employeur"
    assert (world.action.progress, world.action.criterion) == (40, "Mobilité des salariés")


def test_a_progress_over_100_writes_nothing(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_detail", pk=world.action.pk),
        {"title": "Autre titre", "priority": "2", "progress": "140"},
    )
    assert response.status_code == 400
    world.action.refresh_from_db()
    assert (world.action.title, world.action.progress) == ("Plan de mobilité", 0)


def test_another_company_may_not_edit_an_action(client, world):
    client.force_login(world.other_leader)
    page = url(world.tenant, "action_detail", pk=world.action.pk)
    assert client.get(page).status_code == 404
    assert client.post(page, {"title": "Pris", "priority": "2", "progress": "0"}).status_code == 404
    world.action.refresh_from_db()
    assert world.action.title == "Plan de mobilité"


# --- Comments and documents ---------------------------------------------------------------------


def test_a_comment_is_appended_with_htmx(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_comment", pk=world.action.pk),
        {"body": "Devis reçu"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="comment-list",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith("<li") and "Devis reçu" in body
    with scope(tenant=world.tenant):
        assert ActionComment.objects.get(action=world.action).author == world.leader


def test_an_empty_comment_is_refused(client, world):
    client.force_login(world.leader)
    comment = url(world.tenant, "action_comment", pk=world.action.pk)
    response = client.post(comment, {"body": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#comment-error"
    response = client.post(comment, {"body": ""})
    assert response.status_code == 400
    with scope(tenant=world.tenant):
        assert not ActionComment.objects.exists()


def test_a_document_is_attached_and_downloaded(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_attach", pk=world.action.pk),
        {"file": SimpleUploadedFile("devis-velos.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 302
    with scope(tenant=world.tenant):
        attachment = ActionAttachment.objects.get(action=world.action)
    download = client.get(url(world.tenant, "action_attachment", pk=attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "devis-velos.pdf" in download["Content-Disposition"]


def test_a_file_that_is_not_a_document_is_refused(client, world):
    client.force_login(world.leader)
    response = client.post(
        url(world.tenant, "action_attach", pk=world.action.pk),
        {"file": SimpleUploadedFile("script.pdf", b"#!/bin/sh\necho pwned\n", "application/pdf")},
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    with scope(tenant=world.tenant):
        assert not ActionAttachment.objects.exists()


def test_a_document_is_not_served_to_another_company(client, world):
    with scope(tenant=world.tenant):
        attachment = services.attach_to_action(
            action=world.action,
            upload=SimpleUploadedFile("devis.pdf", PDF, "application/pdf"),
            actor=world.manager,
        )
    client.force_login(world.other_leader)
    assert client.get(url(world.tenant, "action_attachment", pk=attachment.pk)).status_code == 404
    client.force_login(world.consultant)
    assert client.get(url(world.tenant, "action_attachment", pk=attachment.pk)).status_code == 200
