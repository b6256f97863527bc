"""Rule engine: turn lights on at sunset, heating down when nobody is home."""
import datetime
import os

import paho.mqtt.client as mqtt
import requests
import yaml
from astral import LocationInfo
from astral.sun import sun

RULES = yaml.safe_load(open(os.environ.get("RULES", "/app/rules.yaml")))
city = LocationInfo("Berlin", "Germany", "Europe/Berlin", 52.52, 13.40)


def sunset_today() -> datetime.datetime:
    return sun(city.observer, date=datetime.date.today())["sunset"]


def notify(text: str) -> None:
    requests.post(os.environ.get("NOTIFY_URL", "http://notifier:8000/notify"), json={"text": text}, timeout=5)


client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
client.connect(os.environ.get("MQTT_HOST", "mosquitto"))
client.loop_forever()
