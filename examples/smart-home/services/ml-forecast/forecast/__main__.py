"""Forecast tomorrow's heating demand from InfluxDB history with a small LSTM."""
import os

import pandas as pd
import torch
from influxdb_client import InfluxDBClient
from sklearn.preprocessing import StandardScaler

from .model import DemandModel

client = InfluxDBClient(url=os.environ.get("INFLUX_URL", "http://influxdb:8086"), token=os.environ.get("INFLUX_TOKEN", ""), org="home")
frame: pd.DataFrame = client.query_api().query_data_frame('from(bucket:"home") |> range(start: -30d)')
scaled = StandardScaler().fit_transform(frame[["_value"]])
model = DemandModel()
with torch.no_grad():
    print(model(torch.tensor(scaled, dtype=torch.float32).unsqueeze(0)))
