"""Read BLE advertisements from room sensors and publish them to MQTT."""
import asyncio
import json
import os

import paho.mqtt.client as mqtt
from bleak import BleakScanner
from pydantic import BaseModel

from .decode import decode_advertisement


class Reading(BaseModel):
    room: str
    temperature: float
    humidity: float


async def main() -> None:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.connect(os.environ.get("MQTT_HOST", "mosquitto"))
    async with BleakScanner() as scanner:
        async for device, adv in scanner.advertisement_data():
            reading = decode_advertisement(device, adv)
            if reading:
                client.publish(f"home/{reading['room']}/climate", json.dumps(Reading(**reading).model_dump()))


if __name__ == "__main__":
    asyncio.run(main())
