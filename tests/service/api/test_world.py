"""The API fixtures give each role the access its rules promise."""

from flask.testing import FlaskClient

from tests.service.api.conftest import World


def test_each_account_is_recognised_by_its_token(
    client: FlaskClient, world: World
) -> None:
    answers = {
        user_id: client.get("/api/v1/me", headers=world.headers(user_id)).get_json()
        for user_id in (world.director, world.trainer_a, world.alice)
    }
    assert [answer["role"] for answer in answers.values()] == [
        "director",
        "trainer",
        "student",
    ]


def test_a_request_without_credentials_gets_a_401_problem(client: FlaskClient) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 401
