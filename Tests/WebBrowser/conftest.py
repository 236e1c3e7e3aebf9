"""Browser fixtures for scripts/web-test: headless Chromium, the demo accounts, screenshots and axe-core per page."""
import csv
import os
import re
import time

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("QLVB_WEB_URL", "http://127.0.0.1:18188")
SHOTS = os.environ.get("QLVB_WEB_SCREENSHOTS", "/tmp/qlvb-web-shots")


def load_accounts():
    """(agency, role) → the first account of that role; every row in ACCOUNT_ROWS (UBND has two specialists)."""
    accounts, rows = {}, []
    with open(os.environ["QLVB_WEB_ACCOUNTS"], encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            accounts.setdefault((row["agency"], row["role"]), row)
            rows.append(row)
    return accounts, rows


ACCOUNTS, ACCOUNT_ROWS = load_accounts() if "QLVB_WEB_ACCOUNTS" in os.environ else ({}, [])


def gone(element):
    """The element's document was replaced (Chromium says so in more than one way)."""
    try:
        element.is_enabled()
        return False
    except WebDriverException:
        return True


class Browser:
    """One headless Chromium; every page it shows is photographed and checked by axe-core."""

    def __init__(self, driver, name):
        self.d = driver
        self.name = name
        self.step = 0
        self.violations = []

    def go(self, path):
        self.d.get(BASE + path)

    def find(self, css):
        return WebDriverWait(self.d, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))

    def submit(self, css):
        """Clicks a form's button and waits for the next page (so no element of this one is read by mistake)."""
        for attempt in range(3):
            # A loaded machine may still be swapping the previous document in: find the button again then.
            try:
                old = self.d.find_element(By.TAG_NAME, "html")
                self.d.find_element(By.CSS_SELECTOR, css).click()
                break
            except WebDriverException:
                if attempt == 2:
                    raise
                time.sleep(0.5)
        WebDriverWait(self.d, 15).until(lambda d: gone(old))
        self.loaded()

    def loaded(self):
        WebDriverWait(self.d, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def check(self, label):
        """Screenshot and axe-core on the page shown now; serious and critical violations are kept for the test's end."""
        self.step += 1
        os.makedirs(SHOTS, exist_ok=True)
        safe = re.sub(r"[^a-z0-9-]+", "-", label.lower())
        self.d.save_screenshot(os.path.join(SHOTS, f"{self.name}-{self.step:02d}-{safe}.png"))
        axe = Axe(self.d)
        axe.inject()
        # The PDF preview frame holds no page of ours: axe would wait for it to answer.
        results = axe.run(options="{iframes: false}")
        for v in results["violations"]:
            if v.get("impact") in ("serious", "critical"):
                nodes = "; ".join(n.get("target", [""])[0] if n.get("target") else "" for n in v["nodes"][:3])
                self.violations.append(f"{label}: {v['id']} ({v['impact']}): {v['help']} [{nodes}]")

    def flash(self):
        elements = self.d.find_elements(By.CSS_SELECTOR, ".flash")
        return " ".join(e.text for e in elements)

    def sign_in(self, agency, role, site=None, account=None):
        account = account or ACCOUNTS[(agency, role)]
        self.go(f"/{site or agency}/dang-nhap")
        self.find("#account").send_keys(account["account"])
        self.d.find_element(By.ID, "password").send_keys(account["password"])
        self.submit("form button[type=submit]")
        return account

    def sign_out(self):
        self.submit("form[action$='/dang-xuat'] button")
        self.find("#account")


@pytest.fixture
def browser(request):
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi"):
        options.add_argument(arg)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    service = Service("/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else Service()
    driver = webdriver.Chrome(service=service, options=options)
    driver.implicitly_wait(0)
    b = Browser(driver, request.node.name.replace("test_", ""))
    yield b
    driver.quit()
    assert not b.violations, "axe-core found serious or critical violations:\n" + "\n".join(b.violations)
