import os
import time

from influxdb_client_3 import InfluxDBClient3, Point
from pymodbus.client import ModbusTcpClient

meter = ModbusTcpClient(os.environ.get("METER_HOST", "192.0.2.10"))
db = InfluxDBClient3(host=os.environ.get("INFLUX_URL", "http://influxdb:8086"), token=os.environ.get("INFLUX_TOKEN", ""), database="home")
while True:
    regs = meter.read_holding_registers(0x0000, count=2).registers
    db.write(Point("energy").field("watts", regs[0] << 16 | regs[1]))
    time.sleep(10)
