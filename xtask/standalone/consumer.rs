//! A user's test of its own code against the mock of a crate written by `generate` (the
//! project's `operations` fixture), with the crate's public API only and its `mock` feature:
//! `cargo xtask ci` copies this file into a consumer crate under `target/standalone/`.

use operations_client::mock::MockServer;
use operations_client::{CreatePetResponse202, CreatePetSuccess, NewPet};

#[tokio::test]
async fn a_client_of_the_mock_gets_typed_answers_and_the_mock_the_typed_bodies() {
    let server = MockServer::start().await;
    let accepted = CreatePetSuccess::Status202(CreatePetResponse202 {
        job_id: Some("job-1".into()),
    });
    let answered = server.create_pet().respond(&accepted).await;

    let client = server.client();
    let pet = NewPet {
        name: "Rex".into(),
        tag: None,
    };
    let response = client.create_pet(&pet).await.unwrap();

    assert_eq!((response.status.as_u16(), response.body), (202, accepted));
    assert_eq!(answered.received().await, vec![pet]);
}

#[tokio::test]
async fn an_operation_without_an_expectation_is_not_answered_as_a_success() {
    let server = MockServer::start().await;
    let pet = NewPet {
        name: "Rex".into(),
        tag: None,
    };
    let error = server.client().create_pet(&pet).await.unwrap_err();
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(501),
        "{error:?}"
    );
}
