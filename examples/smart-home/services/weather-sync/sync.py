import os
import time

import requests
from dateutil import parser as dateparser
from influxdb_client import InfluxDBClient, Point

client = InfluxDBClient(url=os.environ.get("INFLUX_URL", "http://influxdb:8086"), token=os.environ.get("INFLUX_TOKEN", ""), org="home")
while True:
    forecast = requests.get(os.environ["WEATHER_URL"], timeout=10).json()
    for hour in forecast["hourly"]:
        at = dateparser.isoparse(hour["time"])
        client.write_api().write("home", record=Point("forecast").field("temperature", hour["temperature"]).time(at))
    time.sleep(3600)
