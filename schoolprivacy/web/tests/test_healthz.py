"""`/healthz` tells a load balancer the app and its database answer, and nothing more."""


def test_it_answers_ok_when_the_database_answers(db, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
