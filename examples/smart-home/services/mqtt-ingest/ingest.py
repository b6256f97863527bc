"""Write every MQTT climate reading to InfluxDB, smoothing spikes."""
import json
import os

import numpy as np
import paho.mqtt.client as mqtt
from dotenv import load_dotenv
from influxdb_client import InfluxDBClient, Point
from influxdb_client.client.write_api import SYNCHRONOUS

load_dotenv()
influx = InfluxDBClient(url=os.environ.get("INFLUX_URL", "http://influxdb:8086"), token=os.environ.get("INFLUX_TOKEN", ""), org="home")
write = influx.write_api(write_options=SYNCHRONOUS)
window: list[float] = []


def on_message(client, userdata, msg):
    payload = json.loads(msg.payload)
    window.append(payload["temperature"])
    del window[:-5]
    point = Point("climate").tag("room", msg.topic.split("/")[1]).field("temperature", float(np.median(window)))
    write.write(bucket="home", record=point)


client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
client.on_message = on_message
client.connect(os.environ.get("MQTT_HOST", "mosquitto"))
client.subscribe("home/+/climate")
client.loop_forever()
