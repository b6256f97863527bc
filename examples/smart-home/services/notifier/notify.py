import json
import os

import apprise
import paho.mqtt.client as mqtt

notifier = apprise.Apprise()
notifier.add(os.environ.get("APPRISE_URL", "json://localhost"))


def on_message(client, userdata, msg):
    notifier.notify(body=json.loads(msg.payload)["text"], title="Home")


client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
client.on_message = on_message
client.connect(os.environ.get("MQTT_HOST", "mosquitto"))
client.subscribe("home/notify")
client.loop_forever()
