def test_log_in_and_see_the_seed_recommendations(page, live_server, login, alice, seeded):
    login(page, alice)
    page.goto(f"{live_server.url}/recommendations/")
    assert page.get_by_role("link", name="Japan should engage the countries concerned", exact=False).is_visible()
    assert page.get_by_role("table").get_by_text("Will the Trump administration", exact=False).first.is_visible()
