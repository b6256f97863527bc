import struct


def decode_advertisement(device, adv):
    data = adv.service_data.get("0000181a-0000-1000-8000-00805f9b34fb")
    if not data:
        return None
    temperature, humidity = struct.unpack("<hH", data[6:10])
    return {"room": device.name or device.address, "temperature": temperature / 100, "humidity": humidity / 100}
